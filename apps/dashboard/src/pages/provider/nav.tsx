import { NavLink } from 'react-router';

const SECTIONS = [
  { to: '/provider', label: 'Overview', end: true },
  { to: '/provider/offerings', label: 'Offerings', end: false },
  { to: '/provider/requests', label: 'Requests', end: false },
  { to: '/provider/contracts', label: 'Contracts', end: false },
  { to: '/provider/agents', label: 'Agents', end: false },
  { to: '/provider/earnings', label: 'Earnings & payouts', end: false },
  { to: '/provider/reliability', label: 'Reliability', end: false },
] as const;

/** The provider area's sections; the current one is marked `aria-current="page"`. */
export function ProviderNav() {
  return (
    <nav aria-label="Provider sections" className="subnav">
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <NavLink to={s.to} end={s.end}>
              {s.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
