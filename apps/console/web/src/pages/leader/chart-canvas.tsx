import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// only the parts the dashboard draws (Chart.js is tree-shaken; ADR 0020)
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/**
 * A Chart.js chart on a canvas. The canvas is an image to assistive technology, named by
 * `label`; the figures themselves are in the table next to each chart.
 */
export function ChartCanvas(props: {
  config: ChartConfiguration<'bar' | 'line'>;
  label: string;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) {
      return undefined;
    }
    const chart = new Chart(canvas.current, {
      ...props.config,
      options: {
        ...props.config.options,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
      },
    });
    return () => chart.destroy();
  }, [props.config]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={props.testId} />
    </div>
  );
}
