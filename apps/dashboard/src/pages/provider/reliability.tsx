import {
  getOfferingUptime,
  getOfferingUptimeSeries,
  getProviderRecord,
  getProviderUptime,
  getProviderUptimeSeries,
  listMyOfferings,
} from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, isNotFound } from '../../api/errors';
import { QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { duration } from './figures';
import { RecordView } from './record-view';
import { UptimeDaily, UptimeWindows } from './uptime-views';

/** The provider's public record, uptime (windows and daily chart), per offering too. */
export default function Reliability() {
  const { client, account } = useSignedIn();
  const username = account.username;
  const record = useQuery({
    queryKey: ['provider-record', username],
    queryFn: () => getProviderRecord(client, { username }),
  });
  const uptime = useQuery({
    queryKey: ['provider-uptime', username],
    queryFn: () => getProviderUptime(client, { username }),
  });
  const series = useQuery({
    queryKey: ['provider-uptime-series', username],
    queryFn: () => getProviderUptimeSeries(client, { username, days: 30 }),
  });
  return (
    <>
      <section aria-labelledby="record-h">
        <h2 id="record-h">Your record</h2>
        {record.error && isNotFound(record.error) ? (
          <p className="muted">
            Not computed yet ({errorMessage(record.error)}): the platform computes records on a
            schedule.
          </p>
        ) : (
          <QueryState loading={record.isPending} error={record.error}>
            {record.data ? <RecordView record={record.data} /> : null}
          </QueryState>
        )}
      </section>
      <section aria-labelledby="uptime-h">
        <h2 id="uptime-h">Uptime</h2>
        <QueryState loading={uptime.isPending} error={uptime.error}>
          {uptime.data ? (
            <UptimeWindows report={uptime.data} label="Your uptime by window" />
          ) : null}
        </QueryState>
        <h3>Daily uptime, last 30 days</h3>
        <QueryState loading={series.isPending} error={series.error}>
          {series.data ? <UptimeDaily series={series.data} label="Your uptime" /> : null}
        </QueryState>
      </section>
      <OfferingReliability
        replyMedian={record.data?.metrics.response_time.median_seconds ?? null}
        breaches={record.data?.metrics.response_time.breaches ?? null}
      />
    </>
  );
}

/** One offering's uptime and its promised reply time against the measured one. */
function OfferingReliability(props: {
  readonly replyMedian: number | null;
  readonly breaches: number | null;
}) {
  const { client } = useSignedIn();
  const offerings = useQuery({
    queryKey: ['my-offerings'],
    queryFn: () => listMyOfferings(client, { limit: 100 }),
  });
  const [chosen, setChosen] = useState('');
  const items = offerings.data?.items ?? [];
  // Start with one renters can see: that is the record they judge.
  const id = chosen || (items.find((o) => o.listed) ?? items[0])?.id || '';
  const offering = offerings.data?.items.find((o) => o.id === id);
  const uptime = useQuery({
    queryKey: ['offering-uptime', id],
    queryFn: () => getOfferingUptime(client, { id }),
    enabled: id !== '',
  });
  const series = useQuery({
    queryKey: ['offering-uptime-series', id],
    queryFn: () => getOfferingUptimeSeries(client, { id, days: 30 }),
    enabled: id !== '',
  });
  return (
    <section aria-labelledby="offering-rel-h">
      <h2 id="offering-rel-h">By offering</h2>
      <QueryState
        loading={offerings.isPending}
        error={offerings.error}
        empty={offerings.data?.items.length === 0}
        emptyText="No offering yet."
      >
        <label htmlFor="rel-offering">Offering</label>
        <select id="rel-offering" value={id} onChange={(e) => setChosen(e.target.value)}>
          {offerings.data?.items.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        {offering ? (
          <>
            <h3>Service levels</h3>
            <p>
              Promised reply to messages: within {offering.response_sla_hours} h; measured across
              your contracts: median {duration(props.replyMedian)}
              {props.breaches === null ? '' : `, ${props.breaches} late in the last 30 days`}.
            </p>
            <p className="muted">
              Offerings promise no uptime figure; the uptime below is what the platform measured.
            </p>
          </>
        ) : null}
        <h3>Uptime of this offering</h3>
        <QueryState loading={uptime.isPending} error={uptime.error}>
          {uptime.data ? (
            <UptimeWindows report={uptime.data} label="Offering uptime by window" />
          ) : null}
        </QueryState>
        <QueryState loading={series.isPending} error={series.error}>
          {series.data ? <UptimeDaily series={series.data} label="Offering uptime" /> : null}
        </QueryState>
      </QueryState>
    </section>
  );
}
