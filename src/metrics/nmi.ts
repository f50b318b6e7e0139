/**
 * Normalised mutual information of two labelings of the same items:
 * NMI = 2·MI(C, C̃) / (H(C) + H(C̃)) (natural logs; the ratio does not depend on the base).
 * Two trivial (single-cluster) labelings are identical: NMI = 1.
 */
export function nmi(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`nmi: labelings of ${n} and ${b.length} items`);
  if (n === 0) throw new RangeError('nmi: no items');
  const ca = new Map<number, number>();
  const cb = new Map<number, number>();
  const joint = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    ca.set(a[i]!, (ca.get(a[i]!) ?? 0) + 1);
    cb.set(b[i]!, (cb.get(b[i]!) ?? 0) + 1);
    const key = `${a[i]!},${b[i]!}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  const h = (m: Map<number, number>): number => {
    let s = 0;
    for (const c of m.values()) s -= (c / n) * Math.log(c / n);
    return s;
  };
  const ha = h(ca);
  const hb = h(cb);
  let mi = 0;
  for (const [key, nij] of joint) {
    const [x, y] = key.split(',').map(Number) as [number, number];
    mi += (nij / n) * Math.log((n * nij) / (ca.get(x)! * cb.get(y)!));
  }
  // identical up to relabelling (a bijection between the clusters): exactly 1, not 1 − ε
  if (joint.size === ca.size && ca.size === cb.size) return 1;
  if (ha + hb === 0) return 1;
  return Math.min(1, Math.max(0, (2 * mi) / (ha + hb)));
}
