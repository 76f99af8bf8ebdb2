import { NavLink } from 'react-router';
import './section-nav.css';

/** One link of an area's sub-navigation. */
export interface SectionLink {
  readonly to: string;
  readonly label: string;
  /** Matches only this exact path (the area's index page). */
  readonly end?: boolean;
}

/** An area's sub-navigation (Admin, Account): the current section is marked for screen readers. */
export function SectionNav(props: {
  readonly label: string;
  readonly links: readonly SectionLink[];
}) {
  return (
    <nav aria-label={props.label} className="section-nav">
      <ul>
        {props.links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end={link.end ?? false}>
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
