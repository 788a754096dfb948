import { ActorCell, addrOf, systemOf } from '@troupe/core/internal';
import { RestartIntensityError } from '../errors';
import { ChildRecord } from './child-record';
import type { SupervisorConfig } from './config';

/**
 * Restart intensity exceeded (OTP's `reached_max_restart_intensity`): report it, stop every child,
 * last started first (each within its `shutdownMs`, then killed), and fail upward. A supervisor
 * under another actor fails like any actor, and its parent decides; a top-level supervisor
 * escalates to the root, where core emits `system:failure` and shuts the system down.
 */
export function giveUp(
  supervisor: ActorCell,
  config: SupervisorConfig,
  failed: ChildRecord,
  cause: unknown,
): void {
  const error = new RestartIntensityError(supervisor.path, failed.cell.path, config.maxRestarts, config.withinMs, cause);
  const system = systemOf(supervisor);
  system.logger.error(error.message, cause);
  system.events.emit('supervisor:gave-up', {
    path: supervisor.path,
    actor: addrOf(supervisor),
    child: failed.cell.path,
    cause,
    error,
    maxRestarts: config.maxRestarts,
    withinMs: config.withinMs,
  });
  const children = supervisor.children; // in start order
  void stopChildren(children, failed, cause).then(() => failUpward(supervisor, error));
}

async function stopChildren(children: readonly ActorCell[], failed: ChildRecord, cause: unknown): Promise<void> {
  for (const child of children) {
    const record = ChildRecord.of(child);
    if (record !== undefined) record.final = true;
  }
  failed.final = true;
  failed.cell.terminate(cause);
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i];
    // A child waiting for a decision or for its restart would only run out its shutdownMs.
    if (child.awaitsParent || ChildRecord.of(child)?.restartPending === true) child.terminate();
    else await child.requestStop();
  }
}

function failUpward(supervisor: ActorCell, error: RestartIntensityError): void {
  if (!supervisor.isAlive) return;
  const parent = supervisor.parent;
  if (parent instanceof ActorCell) supervisor.failed(error, undefined);
  else parent.fail(error, supervisor);
}
