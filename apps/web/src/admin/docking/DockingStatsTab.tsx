import { adminDockingKeys, fetchAdminStats } from '../../api/admin-docking';
import { StatsDashboard } from '../../developer/StatsDashboard';
import { useResellerFilter } from './use-reseller-filter';

/** Every account's API figures (or one reseller's), with the same charts resellers see. */
export function DockingStatsTab() {
  const { resellerId, select, column } = useResellerFilter();
  return (
    <div data-testid="docking-stats">
      <StatsDashboard
        queryKey={[...adminDockingKeys.stats, resellerId]}
        fetchStats={(p) => fetchAdminStats({ ...p, resellerId: resellerId || undefined })}
        extraFilter={select}
        extraColumns={[column]}
      />
    </div>
  );
}
