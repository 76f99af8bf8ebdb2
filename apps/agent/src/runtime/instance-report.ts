import type { InstanceReport } from '@dc/client/agent';
import type { Instance } from '@dc/provisioners/core';
import { z } from 'zod';

type Report = z.input<typeof InstanceReport>;

const Ipv4 = z.ipv4();
const Ipv6 = z.ipv6();

/**
 * The instance as the API records it. `provisioner` is the agent's NAME for the provisioner
 * (its config section), not its kind, so terminate and reset later reach exactly the one that
 * built it. The root password is never part of it (it goes sealed, in credentials); what the
 * post-provision script did (status, exit code) goes into `details` for the renter to see.
 */
export function instanceReportOf(provisionerName: string, instance: Instance): Report {
  const details: Record<string, string | number | boolean | null> = {};
  if (instance.recipe) {
    details['recipe_status'] = instance.recipe.status;
    if (instance.recipe.exitCode !== undefined)
      details['recipe_exit_code'] = instance.recipe.exitCode;
    if (instance.recipe.message !== undefined)
      details['recipe_message'] = clip(instance.recipe.message);
    // The script's output tail is not sent: a recipe may print a password it generated, and
    // details are stored and shown in plaintext.
  }
  return {
    provisioner: provisionerName,
    external_id: instance.externalId,
    status: instance.status,
    // An address the API would refuse (a network in CIDR form) is left out, not guessed at.
    ipv4: instance.ipv4 !== null && Ipv4.safeParse(instance.ipv4).success ? instance.ipv4 : null,
    ipv6: instance.ipv6 !== null && Ipv6.safeParse(instance.ipv6).success ? instance.ipv6 : null,
    ssh_port: instance.sshPort,
    details,
  };
}

/** Detail values are at most 1024 characters. */
function clip(text: string): string {
  return text.length > 1024 ? `${text.slice(0, 1021)}...` : text;
}
