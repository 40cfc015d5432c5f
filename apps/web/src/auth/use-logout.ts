import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useNavigate } from 'react-router';
import { logout } from '../api/auth';
import { queryKeys } from '../api/queries';

/** Signs out, drops every cached query and returns to the sign-in page. */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, null);
      void navigate('/login', { replace: true });
    },
    onError: (err) => {
      void message.error(err.message);
    },
  });
}
