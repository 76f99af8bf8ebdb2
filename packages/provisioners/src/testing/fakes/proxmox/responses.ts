import { type FakeResponse, json } from '../../fake-server';

/** A success in Proxmox's envelope: `{"data": ...}` (plus e.g. `total` for task logs). */
export const ok = (data: unknown, extra: Record<string, unknown> = {}): FakeResponse =>
  json(200, { data, ...extra });

/**
 * A Proxmox error: PVE 8 puts the message (newline-terminated, as Perl `die` leaves it) in the
 * body next to `data: null`, and per-parameter problems in `errors`. (Real Proxmox also sends
 * the message as the HTTP reason phrase; FakeHttpServer cannot set one.)
 */
export const pveError = (
  status: number,
  message: string,
  errors?: Record<string, string>,
): FakeResponse =>
  json(status, {
    data: null,
    message: `${message}\n`,
    ...(errors !== undefined ? { errors } : {}),
  });

/** HTTP 400 "Parameter verification failed." with the field-by-field reasons. */
export const paramError = (errors: Record<string, string>): FakeResponse =>
  pveError(400, 'Parameter verification failed.', errors);

/** What Proxmox answers for any call on a VM that is not there (HTTP 500, not 404). */
export const noSuchVm = (node: string, vmid: number | string): FakeResponse =>
  pveError(500, `Configuration file 'nodes/${node}/qemu-server/${vmid}.conf' does not exist`);
