import { Input, type InputProps } from 'antd';

/** A yuan amount typed as text (converted to integer fen on save, never through floats). */
export function MoneyInput(props: InputProps) {
  return <Input prefix="¥" inputMode="decimal" placeholder="0.00" autoComplete="off" {...props} />;
}
