# A second peer for `derive --task spectral`: scipy's lobpcg preconditioned with a pyamg smoothed-
# aggregation solver (the usual Python way to precondition a Laplacian eigenproblem), r + 1
# smallest eigenpairs of L on the largest connected component, the constant vector held out
# (Y = 1), tolerance 1e-9 relative. Prints {"skipped": why} when pyamg is not installed.
# Run by bench/run.js; never a dependency of n2n.
import json, sys, time
try:
    import pyamg
except ImportError:
    print(json.dumps({'skipped': 'pyamg is not installed (pip install pyamg)'}))
    sys.exit(0)
import numpy as np, scipy.sparse as sp, scipy.sparse.linalg as sla
from lcc_laplacian import lcc_laplacian
path, r = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
A, L = lcc_laplacian(path)
t = time.time()
ml = pyamg.smoothed_aggregation_solver(L + sp.identity(L.shape[0]) * 1e-8, symmetry='hermitian')
M = ml.aspreconditioner()
rng = np.random.default_rng(1)
X = rng.standard_normal((L.shape[0], r + 3))
Y = np.ones((L.shape[0], 1)) / np.sqrt(L.shape[0])
w, V = sla.lobpcg(L, X, M=M, Y=Y, tol=1e-9 * abs(L).sum(1).max(), largest=False, maxiter=2000)
o = np.argsort(w); w = w[o][:r]; V = V[:, o][:, :r]
dt = time.time() - t
res = np.linalg.norm(L @ V - V * w, axis=0).max()
print(json.dumps({'seconds': round(dt, 2), 'lcc_nodes': int(L.shape[0]), 'lambda': [0.0] + [float(x) for x in w], 'max_residual': float(res)}))
