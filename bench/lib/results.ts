import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchMode, BenchReport, Cell, ResultTable } from './benchmark.js';
import { machineMarkdown, type MachineDescription } from './machine.js';

// Results on disk: <name>.json (everything) and <name>.md (the tables) per
// benchmark, plus latest.md combining the newest result of every benchmark.

export interface BenchResult extends BenchReport {
  name: string;
  description: string;
  mode: BenchMode;
  machine: MachineDescription;
  startedAt: string;
  durationSeconds: number;
}

/** Preferred order in latest.md; benchmarks not listed follow alphabetically. */
const displayOrder = ['append', 'tokens', 'rebuild', 'queries'];

function formatCell(cell: Cell): string {
  if (cell === null) return '–';
  if (typeof cell === 'string') return cell.replaceAll('|', '\\|');
  if (!Number.isFinite(cell)) return 'n/a';
  if (Number.isInteger(cell)) return cell.toLocaleString('en-US');
  const magnitude = Math.abs(cell);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return cell.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function tableMarkdown(table: ResultTable): string {
  const header = `| ${table.columns.join(' | ')} |`;
  const rule = `| ${table.columns.map(() => '---').join(' | ')} |`;
  const rows = table.rows.map((row) => `| ${row.map(formatCell).join(' | ')} |`);
  return [`**${table.title}**`, '', header, rule, ...rows].join('\n');
}

export function resultMarkdown(result: BenchResult, headingLevel = 1): string {
  const heading = '#'.repeat(headingLevel);
  const parts = [
    `${heading} ${result.name}${result.mode === 'smoke' ? ' (smoke sizes)' : ''}`,
    result.description,
    machineMarkdown(result.machine),
    `Run time: ${formatCell(result.durationSeconds)} s. Parameters: \`${JSON.stringify(result.parameters)}\``,
  ];
  const summary = Object.entries(result.summary);
  if (summary.length > 0) {
    parts.push(summary.map(([key, value]) => `- **${key}**: ${formatCell(value)}`).join('\n'));
  }
  parts.push(...result.tables.map(tableMarkdown));
  if (result.notes && result.notes.length > 0) {
    parts.push(result.notes.map((note) => `- ${note}`).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

export async function writeResult(outDir: string, result: BenchResult): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const fileName = result.variant ? `${result.name}-${result.variant}` : result.name;
  const json = path.join(outDir, `${fileName}.json`);
  const markdown = path.join(outDir, `${fileName}.md`);
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(markdown, resultMarkdown(result));
  return [json, markdown];
}

/** Rebuilds latest.md from every <name>.json in outDir, so a single-benchmark run keeps the others. */
export async function writeLatest(outDir: string): Promise<string> {
  const files = (await readdir(outDir)).filter((file) => file.endsWith('.json'));
  const results: BenchResult[] = [];
  for (const file of files) {
    const parsed = JSON.parse(await readFile(path.join(outDir, file), 'utf8')) as BenchResult;
    if (typeof parsed.name === 'string' && Array.isArray(parsed.tables)) results.push(parsed);
  }
  const rank = (name: string): number => {
    const index = displayOrder.indexOf(name);
    return index === -1 ? displayOrder.length : index;
  };
  results.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const body = results.map((result) => resultMarkdown(result, 2)).join('\n');
  const latest = path.join(outDir, 'latest.md');
  await writeFile(
    latest,
    `# Latest benchmark results\n\nWritten by \`npm run bench\`; each section keeps the machine it was measured on.\n\n${body}`,
  );
  return latest;
}
