// One colour per deployment, in the order deployments appear, shared by the
// board's cards, its legend and the deployments table.
export const PALETTE_SIZE = 6;

export class DeploymentColours {
  /** each deployment's number, 1 for the first: what tells them apart besides the colour (the palette repeats, and not every eye sees it) */
  private readonly index = new Map<string, number>();

  of(deploymentId: string): number {
    return (this.numberOf(deploymentId) - 1) % PALETTE_SIZE;
  }

  numberOf(deploymentId: string): number {
    let n = this.index.get(deploymentId);
    if (n === undefined) this.index.set(deploymentId, (n = this.index.size + 1));
    return n;
  }

  /**
   * Give colours in the order the deployments were created, whatever order
   * they are first drawn in (at max speed the first frame may already show
   * the second deployment's tasks, and colours would depend on the speed).
   */
  follow(deploymentIds: Iterable<string>): void {
    for (const id of deploymentIds) this.of(id);
  }

  reset(): void {
    this.index.clear();
  }
}
