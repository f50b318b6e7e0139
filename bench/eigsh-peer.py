# The peer for `derive --task spectral`: scipy's eigsh(L, k = r + 1, which='SA') on the
# largest connected component, default tolerance (machine precision), plus B = ‖u_i − u_j‖².
# Run by bench/run.js when python3 with scipy is present; never a dependency of n2n.
import json, sys, time
import numpy as np, scipy.sparse as sp, scipy.sparse.csgraph as cg, scipy.sparse.linalg as sla
path, r = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
e = np.loadtxt(path, dtype=np.int64, comments='#')[:, :2]
e = e[e[:, 0] != e[:, 1]]
ids, inv = np.unique(e, return_inverse=True); inv = inv.reshape(-1, 2); n = len(ids)
A = sp.coo_matrix((np.ones(len(inv)), (inv[:, 0], inv[:, 1])), shape=(n, n)).tocsr(); A = A + A.T; A.data[:] = 1
nc, lab = cg.connected_components(A, directed=False); idx = np.where(lab == np.argmax(np.bincount(lab)))[0]
A = A[idx][:, idx].tocsr(); L = (sp.diags(np.asarray(A.sum(1)).ravel()) - A).tocsr()
t = time.time()
w, V = sla.eigsh(L, k=r + 1, which='SA')
o = np.argsort(w); w = w[o]; V = V[:, o]
C = sp.triu(A, 1).tocoo(); U = V[:, :r]; B = ((U[C.row] - U[C.col]) ** 2).sum(1)
dt = time.time() - t
res = np.linalg.norm(L @ V - V * w, axis=0).max()
print(json.dumps({'seconds': round(dt, 2), 'lcc_nodes': int(L.shape[0]), 'lcc_edges': int(A.nnz // 2), 'lambda': [float(x) for x in w], 'max_residual': float(res)}))
