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

  reset(): void {
    this.index.clear();
  }
}
