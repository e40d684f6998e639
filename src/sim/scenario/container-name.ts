// A container named where none has that name: the names there are, and the
// one most likely meant ("Web" for web, "nignx" for nginx), since container
// names are case-sensitive and a near miss is the common mistake.
import { misspelt } from './typos.ts';

/** `no container named "Web" <where> (containers: web, proxy): did you mean "web"?` */
export function noContainerNamed(name: string, where: string, names: readonly string[]): string {
  // only a name alone within reach: "worker3" among worker1 and worker2 could mean either
  const near = names.filter((n) => misspelt(name, [n]) !== undefined);
  const meant = names.find((n) => n.toLowerCase() === name.toLowerCase()) ?? (near.length === 1 ? near[0] : undefined);
  return `no container named "${name}" ${where} (containers: ${names.join(', ')})${meant ? `: did you mean "${meant}"?` : ''}`;
}
