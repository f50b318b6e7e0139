import { beforeAll } from 'vitest';
import { initBackend, type BackendChoice } from '../../src/backend/load-backend.js';

beforeAll(async () => {
  // Tests run on the embedded cpu backend (deterministic, present everywhere) unless
  // N2N_TEST_BACKEND names another (scripts/test-native-backend.sh runs them on tensorflow);
  // N2N_DEVICE_FIRST=1 sends `precision: auto` down the device-first path on any backend.
  await initBackend((process.env.N2N_TEST_BACKEND ?? 'cpu') as BackendChoice);
});
