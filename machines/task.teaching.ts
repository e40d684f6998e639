// What each task state means, in our own words, with where AWS says so.
// `inferred: true` marks what AWS does not document and we chose to model;
// `partly: true` with it, a state AWS documents where part of what happens is
// our model (the description says which part, the why says more).
import { SOURCES, type TaskStatus } from './status.ts';

export interface StateTeaching {
  description: string;
  meta: { source: string; inferred: boolean; partly?: true; why: string };
}

export const stateTeaching: Record<TaskStatus, StateTeaching> = {
  PROVISIONING: {
    description:
      'ECS prepares what the task needs before it can launch. For awsvpc tasks (every Fargate task is one) that is an elastic network interface, created and attached to the host. On EC2 with a managed-scaling capacity provider, a task that fits on no instance also waits here for one.',
    meta: {
      source: SOURCES.lifecycle,
      inferred: false,
      why: 'Only tasks with their own network interface, or waiting for capacity, have work here; other bridge and host tasks skip straight to PENDING. If the interface never attaches, or no capacity comes within 10 to 30 minutes (AWS’s cluster auto scaling deep dive; see the capacity wait), the task stops with TaskFailedToStart without ever reaching PENDING (the stoppedReason of a capacity give-up is ours: AWS documents none).',
    },
  },
  PENDING: {
    description:
      'ECS waits for the container agent: images are pulled, containers created and started, each after the containers it depends on (the agent pulls a dependant’s image only then). (Our model: on Fargate the task’s own agent comes up first, so the first image pull starts 8 to 16 s after the network interface attaches, as real events show; and secrets are retrieved before any pull.)',
    meta: {
      source: SOURCES.lifecycle,
      inferred: true,
      partly: true,
      why: 'A task that cannot start here (a secret it names is not there, an image pull fails, a container will not start) never reaches RUNNING, with stop code TaskFailedToStart; an essential container that starts and then exits here gives EssentialContainerExited instead (our model: AWS defines TaskFailedToStart as a task that never reached RUNNING, and EssentialContainerExited for any exit of an essential container). AWS’s current lifecycle page lists image pulls under ACTIVATING; the agent and startedAt place them here, which we follow. On Fargate the first pull starts 8 to 16 s after the interface attached, as real events show (the task’s agent coming up first is our reading). The secrets a container names are retrieved before any container is created: on Fargate before any pull (our reading of its “unable to pull secrets or registry auth”), on EC2 while the images are pulled (the agent’s order). A container whose dependsOn can never hold (its dependency failed, or its startTimeout passed) is stopped with exit code 143 without starting: the task fails to start if it is essential, and runs on without it if not (the agent’s behaviour, read from its code).',
    },
  },
  ACTIVATING: {
    description:
      'The containers run; ECS now registers the task where clients will find it: load balancer target groups and the Cloud Map (service discovery) instance. (Our model: the task comes here for any target group or registry, a single target group included.)',
    meta: {
      source: SOURCES.lifecycle,
      inferred: true,
      partly: true,
      why: 'Only tasks with a load balancer or service discovery have work here. Registered is not yet serving: the load balancer sends traffic only once the target passes its health checks (5 × 30 s by default), usually after the task is RUNNING. AWS’s lifecycle page names the Cloud Map (service discovery) instance and the load balancer targets as the work done here. Whether a task with a single target group visits it, reports disagree (a 2020 report saw neither state, a 2026 deploy log shows DEACTIVATING): that we visit both for any target group or registry is our model, the choice this simulator makes.',
    },
  },
  RUNNING: {
    description: 'The task runs. It stays here until something asks it to stop or an essential container exits.',
    meta: {
      source: SOURCES.lifecycle,
      inferred: false,
      why: 'desiredStatus can already be STOPPED while lastStatus is still RUNNING: the stop has been asked for and is about to begin.',
    },
  },
  DEACTIVATING: {
    description:
      'Normally before any container is signalled, ECS takes the task out of service: targets are deregistered and drain for the deregistration delay (300 s by default), and (our model) the Cloud Map instance is removed.',
    meta: {
      source: SOURCES.draining,
      inferred: true,
      partly: true,
      why: 'This is why deploys wait five minutes: the old task sits here for the whole deregistration delay so that in-flight requests can finish (documented). The load balancer’s own page adds that the deregistration of a target with no request in flight and no open connection completes at once, though the target still shows draining until the delay ends: the simulator has the task wait the whole delay either way (our model). Two exceptions. After an essential container exits, the agent signals the others at once, without waiting for the drain, while the task still waits it out here (our model: our reading of the agent’s code). On a Fargate Spot interruption, SIGTERM comes with the two-minute warning, right after the targets are deregistered (both documented: the Fargate Spot guide, and an AWS announcement of February 2023), and the drains end when the capacity goes (our model). Also our model: removing the Cloud Map instance here (symmetric to registration), and passing through this state with a single target group (see ACTIVATING).',
    },
  },
  STOPPING: {
    description:
      'The agent stops the containers, in the reverse order of dependsOn: SIGTERM, a request to exit that the app can catch to finish its work, then SIGKILL, which ends the process at once and cannot be caught (exit code 137, 128 + signal 9), if a container has not exited after its stopTimeout (30 s by default). (Our model: a container that never started gets no signal.)',
    meta: {
      source: SOURCES.stopTask,
      inferred: true,
      partly: true,
      why: 'A container that ignores SIGTERM keeps the task here for its full stopTimeout. The stop order, the reverse of dependsOn, is in the task definition parameters (dependsOn). Containers that never started get no signal at all and go straight to STOPPED: AWS’s docs say nothing of it; the agent’s code does it, and we follow it.',
    },
  },
  DEPROVISIONING: {
    description: 'The containers have stopped; ECS detaches and deletes the task’s network interface. (Our model: in this simulator only a missing permission, which the “ENI held” fault takes away, holds a task here for long; real tasks have been reported stuck here after an IAM role they needed was deleted.)',
    meta: {
      source: SOURCES.lifecycle,
      inferred: true,
      partly: true,
      why: 'Only awsvpc tasks have work here. Tasks are reported stuck here after an IAM role they needed was deleted; that the missing permission is the one to release the interface is our model (try the “ENI held” fault: ReleaseEni in the JSON).',
    },
  },
  STOPPED: {
    description: 'The task is done. DescribeTasks keeps returning it for at least an hour, with its stopCode and stoppedReason.',
    meta: {
      source: SOURCES.lifecycle,
      inferred: false,
      why: 'A stopped task is never restarted: RunTask makes a new task, and a service’s scheduler starts one in its place. A single task’s view follows only this task; the service presets show the scheduler replacing one.',
    },
  },
};
