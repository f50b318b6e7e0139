// Stream an edge list to a SNAP-style file (a '#' header line, then src<TAB>dst lines).
import { createWriteStream } from 'node:fs';

export async function writeEdgeFile(file, header, src, dst) {
  const out = createWriteStream(file);
  let buf = `# ${header}\n`;
  for (let e = 0; e < src.length; e++) {
    buf += `${src[e]}\t${dst[e]}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise((r) => out.on('finish', r));
}
