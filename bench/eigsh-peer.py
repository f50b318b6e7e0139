# The peer for `derive --task spectral`: scipy's eigsh(L, k = r + 1, which='SA') on the
# largest connected component, default tolerance (machine precision), plus B = ‖u_i − u_j‖².
# Run by bench/run.js when python3 with scipy is present; never a dependency of n2n.
import json, sys, time
import numpy as np, scipy.sparse as sp, scipy.sparse.linalg as sla
from lcc_laplacian import lcc_laplacian
path, r = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
A, L = lcc_laplacian(path)
t = time.time()
w, V = sla.eigsh(L, k=r + 1, which='SA')
o = np.argsort(w); w = w[o]; V = V[:, o]
C = sp.triu(A, 1).tocoo(); U = V[:, :r]; B = ((U[C.row] - U[C.col]) ** 2).sum(1)
dt = time.time() - t
res = np.linalg.norm(L @ V - V * w, axis=0).max()
print(json.dumps({'seconds': round(dt, 2), 'lcc_nodes': int(L.shape[0]), 'lcc_edges': int(A.nnz // 2), 'lambda': [float(x) for x in w], 'max_residual': float(res)}))
