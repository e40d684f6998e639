// Positions computed at build time (elkjs in Node) and read by the browser,
// which never loads ELK: it alone would blow the bundle budget.
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MachineLayout {
  width: number;
  height: number;
  states: Record<string, Box>;
  /** edge key `SOURCE->TARGET` → polyline points */
  edges: Record<string, { x: number; y: number }[]>;
}

/** task, capacity, eni, target, registry, container */
export type LayoutSet = Record<'task' | 'capacity' | 'eni' | 'target' | 'registry' | 'container', MachineLayout>;
