/**
 * The paper's eighteen datasets (Table 3): what each is, where it is published, and where
 * `n2n datasets get` puts it (DIR/<file>). `files` lists the paths a pipeline accepts under
 * the data folder, the first being what `get` writes; the others are the layouts of common
 * copies (the renumbered cit-HepTh, the KONECT hamster file without its header).
 *
 * `count` says what `edges` counts: 'edges' = distinct edges (pairs when undirected,
 * self-loops included), 'lines' = data lines as published (HetRec delicious lists a
 * bookmark once per tag, so its distinct (user, bookmark) pairs are fewer).
 */
import { hitsTask } from '../tasks/hits/index.js';
import { spectralTask } from '../tasks/spectral/index.js';
import { completionTask } from '../tasks/completion/index.js';

/** the paper's tasks, by their kits (Table 3 says which runs on which dataset) */
const [HITS, SPECTRAL, COMPLETION] = [hitsTask.name, spectralTask.name, completionTask.name];
export type DatasetKind = 'directed' | 'undirected' | 'bipartite';

export interface DatasetEntry {
  name: string;
  kind: DatasetKind;
  /** the task the paper runs on it */
  task: string;
  description: string;
  /** nodes (users when bipartite) */
  nodes: number;
  /** items when bipartite */
  items?: number;
  /** edges or ratings, as `count` says */
  edges: number;
  count: 'edges' | 'lines';
  /** public source address */
  url: string;
  archive: 'gz' | 'tar.bz2' | 'zip';
  /** the file inside a tar or zip archive */
  member?: string;
  files: string[];
  /** ratings read as 0/1 (the paper's lastfm and delicious) */
  binary?: boolean;
  /** in the scalability experiment only (Figure 4) */
  scalability?: boolean;
  note?: string;
}

const SNAP = 'https://snap.stanford.edu/data/';
const KONECT = 'http://konect.cc/files/download.tsv.';
const HETREC = 'https://files.grouplens.org/datasets/hetrec2011/';
const MOVIELENS = 'https://files.grouplens.org/datasets/movielens/';

const snap = (name: string, kind: DatasetKind, task: DatasetEntry['task'], snapName: string, nodes: number, edges: number, files: string[], extra: Partial<DatasetEntry> = {}): DatasetEntry => ({
  name,
  kind,
  task,
  description: `SNAP ${snapName}`,
  nodes,
  edges,
  count: 'edges',
  url: `${SNAP}${snapName}.txt.gz`,
  archive: 'gz',
  files,
  ...extra,
});

const konect = (name: string, kind: DatasetKind, task: DatasetEntry['task'], id: string, member: string, nodes: number, edges: number, files: string[], extra: Partial<DatasetEntry> = {}): DatasetEntry => ({
  name,
  kind,
  task,
  description: `KONECT ${id}`,
  nodes,
  edges,
  count: 'edges',
  url: `${KONECT}${id}.tar.bz2`,
  archive: 'tar.bz2',
  member: `${id}/${member}`,
  files,
  ...extra,
});

export const TABLE3: readonly DatasetEntry[] = [
  snap('cit-HepTh', 'directed', HITS, 'cit-HepTh', 27_770, 352_807, ['cit-HepTh/cit-HepTh.txt', 'cit-HepTh/cit-HepTh.renumbered.txt']),
  konect('cit-dblp', 'directed', HITS, 'dblp-cite', 'out.dblp-cite', 12_590, 49_759, ['dblp-cite/out.dblp-cite']),
  konect('cora', 'directed', HITS, 'subelj_cora', 'out.subelj_cora_cora', 23_166, 91_500, ['subelj_cora/out.subelj_cora_cora']),
  snap('patent', 'directed', HITS, 'cit-Patents', 3_774_768, 16_518_948, ['cit-Patents/cit-Patents.txt'], { scalability: true }),
  konect('gplus', 'directed', HITS, 'ego-gplus', 'out.ego-gplus', 23_628, 39_242, ['ego-gplus/out.ego-gplus']),
  snap('epinions', 'directed', HITS, 'soc-Epinions1', 75_879, 508_837, ['soc-Epinions1/soc-Epinions1.txt']),
  snap('gnutella', 'directed', HITS, 'p2p-Gnutella09', 8_114, 26_013, ['p2p-Gnutella09/p2p-Gnutella09.txt']),
  snap('astroph', 'undirected', SPECTRAL, 'ca-AstroPh', 18_772, 198_110, ['ca-AstroPh/CA-AstroPh.txt', 'ca-AstroPh/ca-AstroPh.txt']),
  snap('condmat', 'undirected', SPECTRAL, 'ca-CondMat', 23_133, 93_497, ['ca-CondMat/CA-CondMat.txt', 'ca-CondMat/ca-CondMat.txt']),
  snap('grqc', 'undirected', SPECTRAL, 'ca-GrQc', 5_242, 14_496, ['ca-GrQc/CA-GrQc.txt', 'ca-GrQc/ca-GrQc.txt']),
  snap('ca-hepph', 'undirected', SPECTRAL, 'ca-HepPh', 12_008, 118_521, ['ca-HepPh/CA-HepPh.txt', 'ca-HepPh/ca-HepPh.txt']),
  konect('hamster', 'undirected', SPECTRAL, 'petster-friendships-hamster', 'out.petster-friendships-hamster-uniq', 1_858, 12_534, [
    'petster-friendships-hamster/out.petster-friendships-hamster-uniq',
    'hamsterster/petster-friendships-hamster-uniq.edges.txt',
  ]),
  konect('douban', 'undirected', SPECTRAL, 'douban', 'out.douban', 154_908, 327_162, ['douban/out.douban'], { scalability: true }),
  konect('twin', 'undirected', SPECTRAL, 'twin', 'out.twin', 14_274, 20_573, ['twin/out.twin'], { description: 'KONECT twin (sister cities)' }),
  {
    name: 'lastfm',
    kind: 'bipartite',
    task: COMPLETION,
    description: 'HetRec 2011 Last.fm: user × artist listening',
    nodes: 1_892,
    items: 17_632,
    edges: 92_834,
    count: 'edges',
    url: `${HETREC}hetrec2011-lastfm-2k.zip`,
    archive: 'zip',
    member: 'user_artists.dat',
    files: ['hetrec2011-lastfm-2k/user_artists.dat'],
    binary: true,
  },
  {
    name: 'delicious',
    kind: 'bipartite',
    task: COMPLETION,
    description: 'HetRec 2011 Delicious: user × bookmark tag assignments',
    nodes: 1_867,
    items: 69_223,
    edges: 437_593,
    count: 'lines',
    url: `${HETREC}hetrec2011-delicious-2k.zip`,
    archive: 'zip',
    member: 'user_taggedbookmarks-timestamps.dat',
    files: ['hetrec2011-delicious-2k/user_taggedbookmarks-timestamps.dat'],
    binary: true,
    note: 'one line per (user, bookmark, tag); repeated (user, bookmark) pairs merge into one rating',
  },
  {
    name: 'movielens',
    kind: 'bipartite',
    task: COMPLETION,
    description: 'MovieLens ml-latest-small (2018-09)',
    nodes: 610,
    items: 9_724,
    edges: 100_836,
    count: 'edges',
    url: `${MOVIELENS}ml-latest-small.zip`,
    archive: 'zip',
    member: 'ml-latest-small/ratings.csv',
    files: ['ml-latest-small/ratings.csv'],
  },
  {
    name: 'ml-20m',
    kind: 'bipartite',
    task: COMPLETION,
    description: 'MovieLens 20M',
    nodes: 138_493,
    items: 26_744,
    edges: 20_000_263,
    count: 'edges',
    url: `${MOVIELENS}ml-20m.zip`,
    archive: 'zip',
    member: 'ml-20m/ratings.csv',
    files: ['ml-20m/ratings.csv'],
    scalability: true,
    note: 'the paper lists 20,000,264 ratings; the published file has 20,000,263',
  },
];
