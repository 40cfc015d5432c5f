import { useQuery } from '@tanstack/react-query';
import { developerKeys, fetchDeveloperOverview } from '../api/developer';

/** The reseller's overview (access status, balances); the console's pages share this one query. */
export function useDeveloperOverview() {
  return useQuery({ queryKey: developerKeys.overview, queryFn: fetchDeveloperOverview, staleTime: 30_000 });
}
