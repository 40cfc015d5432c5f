import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';
import { queryKeys } from './queries';

/** Session-level errors from any call: the console guard reacts to the refreshed `me`. */
function onSessionError(err: unknown): void {
  if (!(err instanceof ApiError)) return;
  if (err.code === 'AUTH_REQUIRED') {
    // The session expired or was revoked: signed out, so guarded pages redirect to /login?next=….
    queryClient.setQueryData(queryKeys.me, null);
  } else if (err.code === 'AUTH_MFA_ENROLMENT_REQUIRED') {
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  }
}

/** One query client for the app: no retries on 4xx, no refetch on focus. */
export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (err, query) => {
      if (query.queryKey[0] !== queryKeys.me[0]) onSessionError(err);
    },
  }),
  mutationCache: new MutationCache({ onError: onSessionError }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      retry: (count, err) => {
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
        return count < 2;
      },
    },
    mutations: { retry: false },
  },
});
