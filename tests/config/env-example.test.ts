import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariables, loadConfig } from '../../lib/config';
import { temporalProfileVariables } from '../../lib/temporal-connection';

/** `.env.example` as a newcomer reads it: set lines (`NAME=value`) and documented ones (`# NAME=value`). */
const lines = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8').split('\n');
const entries = lines.flatMap((line) => {
  const match = /^(# )?([A-Z][A-Z0-9_]*(?:<NAME>)?)=(.*)$/.exec(line);
  return match ? [{ name: match[2]!, value: match[3]!, active: !match[1] }] : [];
});

describe('.env.example', () => {
  it('lists every variable the configuration reads, once, and nothing it does not read', () => {
    const names = entries.map((e) => e.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i), 'listed twice').toEqual([]);
    expect([...names].sort()).toEqual([...configVariables].sort());
  });

  it('comments each group and each variable', () => {
    expect(lines.filter((line) => line.startsWith('# ---')).length).toBeGreaterThanOrEqual(8);
    // Every documented variable has a comment line (not another variable) somewhere above it in its group.
    for (const entry of entries) {
      const index = lines.findIndex((line) => line.startsWith(`${entry.active ? '' : '# '}${entry.name}=`));
      const above = lines.slice(0, index).reverse();
      const groupStart = above.findIndex((line) => line.startsWith('# ---'));
      const comments = above.slice(0, groupStart).filter((line) => line.startsWith('# ') && !/^# [A-Z][A-Z0-9_<>]*=/.test(line));
      expect(comments.length, `${entry.name} has no comment in its group`).toBeGreaterThan(0);
    }
  });

  it('sets only true defaults: copied as it is, it configures exactly what no environment does', () => {
    const active = Object.fromEntries(entries.filter((e) => e.active).map((e) => [e.name, e.value]));
    expect(Object.keys(active).length).toBeGreaterThan(20);
    expect(loadConfig(active)).toEqual(loadConfig({}));
  });

  it('shows commented examples the configuration accepts', () => {
    // Placeholders (<...>) and the Temporal profile's files and certificates need a real file to be accepted.
    const examples = entries.filter((e) => !e.active && e.value && !e.value.includes('<') && !(temporalProfileVariables as readonly string[]).includes(e.name));
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['TEMPORAL_ADDRESS', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'AFTERCART_POLICY', 'BRAND_LOGO_URL']));
    for (const example of examples) expect(() => loadConfig({ [example.name]: example.value }), example.name).not.toThrow();
  });
});
