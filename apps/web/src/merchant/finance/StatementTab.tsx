import { downloadStatementCsv, fetchStatement, type StatementParams } from '../../api/finance';
import { saveBlob } from '../../api/client';
import { financeKeys } from '../../api/queries';
import { StatementView } from '../../finance/StatementView';

async function exportCsv(params: StatementParams): Promise<void> {
  const file = await downloadStatementCsv(params);
  saveBlob(file.blob, file.filename ?? `statement-${params.account ?? 'available'}.csv`);
}

/** The merchant's statement (资金流水) with filters and CSV export. */
export function StatementTab() {
  return <StatementView queryKey={financeKeys.statement} fetchPage={fetchStatement} onExport={exportCsv} />;
}
