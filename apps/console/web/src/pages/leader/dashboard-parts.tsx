/** Colours of the dashboard's series (contrast ≥ 4.5:1 on white). */
export const BLUE = '#1f4e8c';
export const GREEN = '#1e7a3c';
export const RED = '#a3141b';
export const AMBER = '#8a5a00';

/** A share as a percentage, or a dash when there is nothing to divide. */
export function share(value: number | null): string {
  return value === null
    ? '—'
    : `${(value * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;
}

export function Tile(props: { label: string; value: string | number; warn?: boolean; id: string }) {
  return (
    <li className={`tile${props.warn ? ' warn' : ''}`} data-testid={`tile-${props.id}`}>
      <span className="tile-value">{props.value}</span>
      <span className="tile-label">{props.label}</span>
    </li>
  );
}
