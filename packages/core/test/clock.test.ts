/// <reference types="node" />
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../src/index.js';

const dist = new URL('../dist/index.js', import.meta.url).href;
const script = (unref: boolean) =>
  `import { systemClock } from '${dist}';
   await systemClock.sleep(200, undefined, { unref: ${unref} });
   console.log('woke');`;

describe('systemClock', () => {
  it('sleep keeps the process alive, so a process waiting on it finishes its work', () => {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script(false)], {
      encoding: 'utf8',
    });
    expect(result.stdout.trim()).toBe('woke');
    expect(result.status).toBe(0);
  });

  it('[A7] an unref sleep does not keep the process alive', () => {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script(true)], {
      encoding: 'utf8',
    });
    expect(result.stdout).not.toContain('woke');
    expect(result.status).toBe(13); // Node: unsettled top-level await
  });

  it('rejects with the signal reason when aborted', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    await expect(systemClock.sleep(1, AbortSignal.abort(new Error('early')))).rejects.toThrow(
      'early',
    );
  });
});
