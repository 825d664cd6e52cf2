/**
 * Whether a finite maximum-likelihood estimate exists. Hunter (2004, Ann. Statist. 32(1)),
 * after Ford (1957): the Bradley-Terry MLE exists iff the digraph "i beat j at least once"
 * (a tie counts both ways) is strongly connected. Tarjan's algorithm finds its components.
 */
import type { PairTable } from "./pair-table.js";

export interface Connectivity {
  /** Components of the undirected comparison graph (who met whom), each a sorted id list. */
  readonly components: number[][];
  /** Strongly connected components of the beat digraph; one component means a finite MLE. */
  readonly strongComponents: number[][];
}

/** Systems with no battle at all form components of their own. `ties` decides if ties count. */
export function connectivity(table: PairTable, countTies = true): Connectivity {
  const n = table.systemCount;
  const beats: number[][] = Array.from({ length: n }, () => []);
  const met: number[][] = Array.from({ length: n }, () => []);
  for (let p = 0; p < table.i.length; p++) {
    const i = table.i[p]!;
    const j = table.j[p]!;
    const tie = countTies && table.ties[p]! > 0;
    if (table.winsI[p]! > 0 || tie) beats[i]!.push(j);
    if (table.winsJ[p]! > 0 || tie) beats[j]!.push(i);
    if (table.winsI[p]! + table.winsJ[p]! + table.ties[p]! > 0) {
      met[i]!.push(j);
      met[j]!.push(i);
    }
  }
  return { components: undirectedComponents(met), strongComponents: tarjan(beats) };
}

function undirectedComponents(adjacency: number[][]): number[][] {
  const n = adjacency.length;
  const seen = new Uint8Array(n);
  const out: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    const component: number[] = [];
    const stack = [s];
    seen[s] = 1;
    while (stack.length > 0) {
      const v = stack.pop()!;
      component.push(v);
      for (const w of adjacency[v]!) {
        if (!seen[w]) {
          seen[w] = 1;
          stack.push(w);
        }
      }
    }
    out.push(component.sort((x, y) => x - y));
  }
  return out;
}

/** Iterative Tarjan, so deep graphs cannot overflow the call stack. */
function tarjan(adjacency: number[][]): number[][] {
  const n = adjacency.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const v = frame[0];
      if (frame[1] === 0 && index[v] === -1) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const edges = adjacency[v]!;
      if (frame[1] < edges.length) {
        const w = edges[frame[1]++]!;
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        out.push(component.sort((x, y) => x - y));
      }
    }
  }
  return out;
}
