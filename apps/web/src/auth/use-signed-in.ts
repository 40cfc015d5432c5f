import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '@kameng/shared';
import { useNavigate } from 'react-router';
import { queryKeys } from '../api/queries';
import { afterLoginPath } from './home-path';

/** Stores the new session's user and opens the right page (console, 2FA enrolment, or `next`). */
export function useSignedIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (user: Me, next: string | null = null, path?: string) => {
    // Anything cached belonged to the previous (anonymous or other) session.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'site' });
    queryClient.setQueryData(queryKeys.me, user);
    void navigate(path ?? afterLoginPath(user, next), { replace: true });
  };
}
