import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { formatPath, type Path } from './issues.ts';
import { parseJsonText } from './parse-json.ts';
import { readFailureCode, readTextFile } from './read-file.ts';
import type { Reporter } from './reporter.ts';
import { SIM_EXTENSION_KEY } from './schema/task-definition.ts';
import type { SourceMap } from './source-map.ts';

/**
 * Reads the JSON files a scenario points at (task definitions as `{ file }`, policies as a path
 * string) into the tree that gets validated, and mounts each file in the source map so that
 * problems inside it are reported at its own lines. Paths are relative to the scenario file.
 * A file that cannot be read is reported once, and its reference is left as written (the schema
 * accepts the reference form), so one missing file does not cascade into more errors.
 */

export interface ReferenceContext {
  /** Directory that relative paths are resolved against. */
  baseDir: string;
  /** The same directory as the user named it, for messages. */
  displayDir: string;
  report: Reporter;
  sources: SourceMap;
  /** Default 1 MiB. */
  maxFileBytes?: number;
}

export interface ResolvedReferences {
  tree: unknown;
  /** Task name → the JSON file (display path) its definition came from. */
  taskFiles: Map<string, string>;
  /** `role/trustPolicy` → the JSON file (display path). */
  policyFiles: Map<string, string>;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function resolveReferences(raw: unknown, ctx: ReferenceContext): ResolvedReferences {
  const taskFiles = new Map<string, string>();
  const policyFiles = new Map<string, string>();
  if (!isMapping(raw)) return { tree: raw, taskFiles, policyFiles };
  const tree: Record<string, unknown> = { ...raw };

  if (isMapping(raw.roles)) {
    const roles: Record<string, unknown> = { ...raw.roles };
    for (const [name, role] of Object.entries(raw.roles)) {
      if (!isMapping(role)) continue;
      const copy: Record<string, unknown> = { ...role };
      for (const field of ['trustPolicy', 'permissionPolicy'] as const) {
        const ref = role[field];
        if (typeof ref !== 'string' || ref === '') continue;
        const path: Path = ['roles', name, field];
        const loaded = loadJson(ref, path, 'policy', ctx);
        if (!loaded) continue;
        copy[field] = loaded.value;
        policyFiles.set(`${name}/${field}`, loaded.display);
      }
      roles[name] = copy;
    }
    tree.roles = roles;
  }

  if (isMapping(raw.tasks)) {
    const tasks: Record<string, unknown> = { ...raw.tasks };
    for (const [name, entry] of Object.entries(raw.tasks)) {
      // Only the exact reference form: anything else is left for the schema to report.
      if (!isMapping(entry) || typeof entry.file !== 'string' || entry.file === '') continue;
      if (Object.keys(entry).some((k) => k !== 'file' && k !== SIM_EXTENSION_KEY)) continue;
      const path: Path = ['tasks', name];
      const loaded = loadJson(entry.file, [...path, 'file'], 'task definition', ctx, path);
      if (!loaded) continue;
      if (!isMapping(loaded.value)) {
        ctx.report.error(path, 'wrong-type', 'a task definition file must hold a JSON object', { hint: 'the JSON that aws ecs register-task-definition --cli-input-json takes' });
        continue;
      }
      const merged: Record<string, unknown> = { ...loaded.value };
      if (entry[SIM_EXTENSION_KEY] !== undefined) {
        if (merged[SIM_EXTENSION_KEY] !== undefined) {
          ctx.report.error([...path, SIM_EXTENSION_KEY], 'duplicate-name', `"${SIM_EXTENSION_KEY}" is given both here and in ${loaded.display}`, { at: 'key', hint: 'keep one of them' });
        }
        merged[SIM_EXTENSION_KEY] = entry[SIM_EXTENSION_KEY];
        ctx.sources.mountRoot([...path, SIM_EXTENSION_KEY]);
      }
      tasks[name] = merged;
      taskFiles.set(name, loaded.display);
    }
    tree.tasks = tasks;
  }
  return { tree, taskFiles, policyFiles };
}

/**
 * Reads and parses one referenced JSON file; on success mounts it at `mountAt` (default: the
 * reference's own path) and returns its value.
 */
function loadJson(ref: string, refPath: Path, what: string, ctx: ReferenceContext, mountAt: Path = refPath): { value: unknown; display: string } | undefined {
  const display = isAbsolute(ref) ? normalize(ref) : join(ctx.displayDir, ref);
  const read = readTextFile(isAbsolute(ref) ? ref : resolve(ctx.baseDir, ref), ctx.maxFileBytes);
  if (!read.ok) {
    if (read.reason === 'encoding') {
      ctx.report.addLocated({ severity: 'error', code: 'file-encoding', file: display, line: read.position.line, column: read.position.column, path: formatPath(mountAt), message: read.detail, hint: read.hint });
    } else {
      ctx.report.error(refPath, readFailureCode(read), read.reason === 'refused' ? `${what} file "${ref}" not read: ${read.detail}` : `cannot read ${what} file "${ref}": ${read.detail}`, {
        hint: read.reason === 'missing' ? `paths are relative to the scenario file; looked for ${display}` : read.reason === 'refused' ? 'point at a JSON file of your own' : undefined,
      });
    }
    return undefined;
  }
  const folder = realFolder(ctx.baseDir);
  if (!read.realPath.startsWith(`${folder}${sep}`)) {
    ctx.report.note(refPath, 'outside-folder', `reads ${read.realPath}, which is outside the scenario's folder${folder === ctx.baseDir ? '' : ` (${folder})`}`, {
      hint: 'fine if it is your file; a scenario from someone else should read only files next to it',
    });
  }
  const parsed = parseJsonText(read.text);
  if (!parsed.ok) {
    for (const p of parsed.problems) {
      ctx.report.addLocated({ severity: 'error', code: p.code, file: display, line: p.position.line, column: p.position.column, path: formatPath([...mountAt, ...p.path]), message: p.message, ...(p.hint ? { hint: p.hint } : {}) });
    }
    return undefined;
  }
  ctx.sources.mount(mountAt, display, parsed.locator);
  return { value: parsed.value, display };
}

/** A folder with its symbolic links resolved (as itself when it cannot be). */
function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** The directory of a scenario file, as named and as resolved. */
export const scenarioDirs = (file: string): { baseDir: string; displayDir: string } => ({ baseDir: dirname(resolve(file)), displayDir: dirname(file) });
