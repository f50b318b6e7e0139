/**
 * The ALS inner loop, one row at a time: over the row's ratings p ∈ [start, end),
 *   C += W(k,:)ᵀW(k,:) (lower triangle)   and   b += A(p)·W(k,:),   k = partner[p].
 *
 * For r ≤ 16 the kernel is generated once per r with the r(r+1)/2 + r sums held in local
 * variables (V8 keeps them in registers or stack slots, without typed-array bounds checks
 * or stores inside the loop); larger r use the plain loop. Measured on ml-20m-sized ratings,
 * r = 10: see bench/completion-case.js and the README.
 */
export type RowGramKernel = (start: number, end: number, partner: Int32Array, value: Float64Array, W: Float64Array, C: Float64Array, b: Float64Array) => void;

const cache = new Map<number, RowGramKernel>();

function loopKernel(r: number): RowGramKernel {
  return (start, end, partner, value, W, C, b) => {
    for (let p = start; p < end; p++) {
      const o = partner[p]! * r;
      const a = value[p]!;
      for (let x = 0; x < r; x++) {
        const wx = W[o + x]!;
        b[x]! += a * wx;
        const row = x * r;
        for (let y = 0; y <= x; y++) C[row + y]! += wx * W[o + y]!;
      }
    }
  };
}

function generatedKernel(r: number): RowGramKernel {
  const lines: string[] = [];
  const acc: string[] = [];
  for (let x = 0; x < r; x++) {
    acc.push(`b${x} = b[${x}]`);
    for (let y = 0; y <= x; y++) acc.push(`c${x}_${y} = C[${x * r + y}]`);
  }
  lines.push(`let ${acc.join(', ')};`);
  lines.push('for (let p = start; p < end; p++) {');
  lines.push(`  const o = partner[p] * ${r}; const a = value[p];`);
  lines.push(`  const ${Array.from({ length: r }, (_, x) => `w${x} = W[o + ${x}]`).join(', ')};`);
  for (let x = 0; x < r; x++) {
    const terms = [`b${x} += a * w${x};`];
    for (let y = 0; y <= x; y++) terms.push(`c${x}_${y} += w${x} * w${y};`);
    lines.push('  ' + terms.join(' '));
  }
  lines.push('}');
  for (let x = 0; x < r; x++) {
    const terms = [`b[${x}] = b${x};`];
    for (let y = 0; y <= x; y++) terms.push(`C[${x * r + y}] = c${x}_${y};`);
    lines.push(terms.join(' '));
  }
  return new Function('start', 'end', 'partner', 'value', 'W', 'C', 'b', lines.join('\n')) as RowGramKernel;
}

export function rowGramKernel(r: number): RowGramKernel {
  let k = cache.get(r);
  if (!k) {
    k = r <= 16 ? generatedKernel(r) : loopKernel(r);
    cache.set(r, k);
  }
  return k;
}
