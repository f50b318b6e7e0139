import { beforeAll } from 'vitest';
import { initBackend } from '../../src/backend/load-backend.js';

beforeAll(async () => {
  // Tests run on the embedded cpu backend: deterministic and present everywhere.
  await initBackend('cpu');
});
