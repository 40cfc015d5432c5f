import { Card } from 'antd';
import { adminDockingKeys, fetchAdminCalls } from '../../api/admin-docking';
import { CallLog } from '../../developer/CallLog';
import { useResellerFilter } from './use-reseller-filter';

/** Every account's API calls (or one reseller's). */
export function DockingCallsTab() {
  const { resellerId, select, column } = useResellerFilter();
  return (
    <Card data-testid="docking-calls">
      <CallLog
        queryKey={[...adminDockingKeys.calls, resellerId]}
        fetchPage={(p) => fetchAdminCalls({ ...p, resellerId: resellerId || undefined })}
        extraFilter={select}
        extraColumns={[column]}
      />
    </Card>
  );
}
