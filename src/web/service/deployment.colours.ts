// One colour per deployment, in the order deployments appear, shared by the
// board's cards, its legend and the deployments table.
export const PALETTE_SIZE = 6;

export class DeploymentColours {
  private readonly index = new Map<string, number>();

  of(deploymentId: string): number {
    let i = this.index.get(deploymentId);
    if (i === undefined) this.index.set(deploymentId, (i = this.index.size % PALETTE_SIZE));
    return i;
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
