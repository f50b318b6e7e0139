import { initBackend } from '../../src/backend/load-backend.js';

/**
 * Load the webgpu backend for a test file: '' when an adapter was found, else why not (the file
 * then skips, saying so). Where CI's webgpu lane sets N2N_REQUIRE_WEBGPU=1, a missing adapter
 * is an error instead.
 */
export async function webgpuUnavailable(): Promise<string> {
  try {
    await initBackend('webgpu');
    return '';
  } catch (e) {
    if (process.env.N2N_REQUIRE_WEBGPU === '1') throw e;
    const why = (e as Error).message;
    console.warn(`webgpu tests skipped: ${why.split('\n')[0]}`);
    return why;
  }
}
