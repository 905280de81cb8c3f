/**
 * Today's sales hour by hour, every store added up by the hour of its own clock: when the day's trade came, at a
 * glance. Stores that sell in another currency than the first are left out of the picture (their figures are in
 * the table above). Loaded on its own (React.lazy) so the chart library is fetched only for this page.
 */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Today } from '../../../shared/sync/admin-api.ts';
import { money } from '../ui/format.ts';
import { localeOfStore } from '../ui/stores.ts';

export default function SalesByHourChart({ stores }: { stores: Today['stores'] }) {
  const first = stores.find((store) => store.sales !== null);
  if (!first) return null;
  const where = localeOfStore(first);
  const alike = stores.filter((store) => store.sales !== null && store.currency === first.currency);
  const hours = Array.from({ length: 24 }, (_, hour) => ({
    hour: `${String(hour).padStart(2, '0')}:00`,
    total: alike.reduce((sum, store) => sum + store.sales!.byHour[hour]!, 0),
  }));
  const format = (minor: number) => money(minor, first.currency, where);
  const left = stores.length - alike.length;
  return (
    <section className="panel" aria-labelledby="sales-by-hour" data-testid="today-chart">
      <h2 id="sales-by-hour">Sales by hour</h2>
      <p className="secondary">
        {alike.length === 1
          ? `${first.name}, by the hour of its clock`
          : `${alike.length} stores added up, by the hour of each store's clock`}
        {left > 0 && ` (${left} selling in another currency not included)`}.
      </p>
      <div className="chart">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={hours} accessibilityLayer margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis dataKey="hour" interval={2} tickLine={false} fontSize={12} />
            <YAxis
              tickFormatter={(minor: number) => format(minor)}
              width={90}
              tickLine={false}
              axisLine={false}
              fontSize={12}
            />
            <Tooltip
              formatter={(minor) => [format(Number(minor)), 'Sales']}
              cursor={{ fill: 'var(--line)' }}
            />
            <Bar
              dataKey="total"
              name="Sales"
              fill="var(--brand)"
              radius={[3, 3, 0, 0]}
              // Drawn as it is: no growing bars every half minute when Today refreshes.
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
