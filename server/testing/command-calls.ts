/**
 * How often one Redis node has run `commands` since it started (summed),
 * from INFO commandstats: what a spec compares before and after the work
 * it measures, on a node whose traffic is its own.
 *
 * @example const before = await commandCalls(redis, 'publish', 'spublish');
 */
export async function commandCalls(node: { info(section: 'commandstats'): Promise<string> }, ...commands: string[]): Promise<number> {
  const info = await node.info('commandstats');
  return commands.reduce((sum, command) => sum + Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0), 0);
}
