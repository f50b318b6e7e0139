/** `n2n datasets get` against a local HTTP server on 127.0.0.1 serving small archives. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync, strToU8 } from 'fflate';
import { fetchDataset } from '../../src/datasets/fetch-dataset.js';
import { TABLE3, type DatasetEntry } from '../../src/datasets/table3.js';
import { locateDataset } from '../../src/datasets/registry.js';
import { tempDir } from '../helpers/files.js';
import { runCli } from '../helpers/cli.js';

const dir = tempDir();
const served = new Map<string, Buffer>([
  ['mini.txt.gz', gzipSync('# Directed graph\n# FromNodeId\tToNodeId\n1\t2\n2\t3\n3\t1\n3\t4\n4\t1\n')],
  ['download.tsv.mini.tar.bz2', readFileSync(new URL('../fixtures/download.tsv.mini.tar.bz2', import.meta.url))],
  ['mini.zip', Buffer.from(zipSync({ 'mini/ratings.csv': strToU8('userId,movieId,rating,timestamp\n1,10,4.0,0\n1,11,3.5,0\n2,10,5.0,0\n'), 'mini/README.txt': strToU8('x') }))],
  // a wrong stand-in for the real gnutella archive: the counts check must catch it
  ['p2p-Gnutella09.txt.gz', gzipSync('0\t1\n1\t2\n')],
]);
let server: Server;
let mirror = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = served.get((req.url ?? '').replace(/^\//, ''));
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  mirror = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (e: Partial<DatasetEntry>): DatasetEntry => ({ name: 'mini', kind: 'directed', task: 'hits', description: 'test', nodes: 4, edges: 5, count: 'edges', url: 'https://example.invalid/mini.txt.gz', archive: 'gz', files: ['mini/mini.txt'], ...e });

describe('datasets get (local server)', () => {
  it('gz: downloads, unpacks to DIR/<file> and checks the counts with the readers', async () => {
    const out = await fetchDataset(entry({}), dir, { mirror });
    expect(out.path).toBe(join(dir, 'mini', 'mini.txt'));
    expect(out.ok).toBe(true);
    expect(out.detail).toMatch(/counts match: 4 nodes, 5 edges/);
    expect(readFileSync(out.path, 'utf8')).toMatch(/^# Directed graph/);
    expect(readdirSync(join(dir, 'mini')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('tar.bz2 (KONECT) and zip (GroupLens): picks the member, undirected pairs and ratings counted', async () => {
    const k = await fetchDataset(entry({ kind: 'undirected', task: 'spectral', edges: 4, url: 'http://example.invalid/files/download.tsv.mini.tar.bz2', archive: 'tar.bz2', member: 'mini/out.mini', files: ['konect/out.mini'] }), dir, { mirror });
    expect(k.ok).toBe(true);
    const z = await fetchDataset(entry({ kind: 'bipartite', task: 'completion', nodes: 2, items: 2, edges: 3, url: 'https://example.invalid/mini.zip', archive: 'zip', member: 'mini/ratings.csv', files: ['ml/ratings.csv'] }), dir, { mirror });
    expect(z.measured).toEqual({ nodes: 2, items: 2, edges: 3 });
    expect(z.ok).toBe(true);
  });

  it('reports wrong counts, missing members and HTTP errors plainly', async () => {
    const bad = await fetchDataset(entry({ edges: 6 }), dir, { mirror });
    expect(bad.ok).toBe(false);
    expect(bad.detail).toMatch(/counts differ: edges 5 \(expected 6\)/);
    await expect(fetchDataset(entry({ url: 'https://example.invalid/mini.zip', archive: 'zip', member: 'nope.csv' }), dir, { mirror })).rejects.toThrow(/the archive has no nope\.csv/);
    await expect(fetchDataset(entry({ url: 'https://example.invalid/absent.txt.gz' }), dir, { mirror })).rejects.toThrow(/HTTP 404/);
  });

  it('the CLI lists the 18 Table-3 datasets and fetches a registry entry through --mirror', async () => {
    expect(TABLE3.length).toBe(18);
    const list = await runCli(['datasets', '--json']);
    const parsed = JSON.parse(list.out) as DatasetEntry[];
    expect(parsed.map((d) => d.name)).toContain('ml-20m');
    for (const d of parsed) expect(d.url).toMatch(/^https?:\/\//);
    const r = await runCli(['datasets', 'get', 'gnutella', '--dir', dir, '--mirror', mirror, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/gnutella: .*p2p-Gnutella09\.txt: counts differ: nodes 3 \(expected 8114\), edges 2 \(expected 26013\)/);
    expect(locateDataset(TABLE3.find((d) => d.name === 'gnutella')!, dir)).toMatch(/p2p-Gnutella09\/p2p-Gnutella09\.txt$/);
    expect(existsSync(join(dir, 'p2p-Gnutella09', 'p2p-Gnutella09.txt'))).toBe(true);
    const unknown = await runCli(['datasets', 'get', 'gnutela', '--dir', dir]);
    expect(unknown.err).toMatch(/unknown dataset 'gnutela' \(did you mean 'gnutella'\?\)/);
  });
});
