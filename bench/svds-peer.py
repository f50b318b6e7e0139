# The peer for `derive --task hits`: scipy's svds(A, k = 3) (ARPACK, default tolerance) on the
# directed adjacency matrix (distinct edges, weight 1, self-loops kept, as n2n reads a SNAP
# file), plus B(i,j) = 2σ1·u1(i)v1(j) − 2σ2·u2(i)v2(j) on every edge. The timed part is the
# solve and B; reading the file is not. Run by bench/run.js when python3 with scipy is
# present; never a dependency of n2n.
import json, sys, time, resource
import numpy as np, scipy.sparse as sp, scipy.sparse.linalg as sla
path = sys.argv[1]
with open(path, 'rb') as f:
    data = f.read()
lines = data.split(b'\n', 64)
skip = 0
for ln in lines[:-1]:
    if ln.startswith(b'#') or ln.startswith(b'%') or not ln.strip():
        skip += len(ln) + 1
    else:
        break
e = np.fromstring(data[skip:], dtype=np.int64, sep=' ').reshape(-1, 2)
del data
ids, inv = np.unique(e, return_inverse=True); inv = inv.reshape(-1, 2); n = len(ids)
A = sp.coo_matrix((np.ones(len(inv)), (inv[:, 0], inv[:, 1])), shape=(n, n)).tocsr(); A.data[:] = 1
A.sort_indices()
t = time.time()
U, s, Vt = sla.svds(A, k=3)
o = np.argsort(-s); s = s[o]; U = U[:, o]; V = Vt[o].T
t_solve = time.time() - t
C = A.tocoo()
B = 2 * s[0] * U[C.row, 0] * V[C.col, 0] - 2 * s[1] * U[C.row, 1] * V[C.col, 1]
dt = time.time() - t
res = max(np.linalg.norm(A @ V - U * s, axis=0).max(), np.linalg.norm(A.T @ U - V * s, axis=0).max())
print(json.dumps({'seconds': round(dt, 2), 'solve_s': round(t_solve, 2), 'B_s': round(dt - t_solve, 2), 'nodes': int(n), 'edges': int(A.nnz), 'sigma': [float(x) for x in s], 'max_residual_rel': float(res / s[0]), 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
