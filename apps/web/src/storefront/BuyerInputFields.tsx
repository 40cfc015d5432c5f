import type { InputField } from '@kameng/shared';
import { Form, Input, InputNumber, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';

/** A regular expression from a merchant's field definition, or null when it does not compile. */
function compile(regex: string | undefined): RegExp | null {
  if (!regex) return null;
  try {
    return new RegExp(regex);
  } catch {
    return null;
  }
}

/** The form a buyer fills in for a product (e.g. the game account for a top-up), built from its inputFields. */
export function BuyerInputFields({
  fields,
  disabled,
  embedded,
}: {
  fields: InputField[];
  disabled?: boolean;
  /** Render the items only, inside the caller's Form (checkout), so their values belong to that form. */
  embedded?: boolean;
}) {
  const { t } = useTranslation();
  if (fields.length === 0) return null;
  const items = fields.map((f, i) => {
    const rules: FormRule[] = [];
    if (f.required) rules.push({ required: true, message: t('validation.required') });
    const re = compile(f.regex);
    if (re) rules.push({ pattern: re, message: t('store.product.fieldFormat') });
    if (f.type === 'email') rules.push({ type: 'email', message: t('validation.email') });
    const key = f.name || 'field-' + String(i);
    return (
      <Form.Item key={key} name={key} label={f.label || '—'} rules={rules} extra={f.help || undefined}>
        {f.type === 'textarea' ? (
          <Input.TextArea name={f.name} autoSize={{ minRows: 2, maxRows: 6 }} />
        ) : f.type === 'number' ? (
          <InputNumber name={f.name} style={{ width: '100%' }} />
        ) : (
          <Input
            name={f.name}
            type={f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text'}
            inputMode={f.type === 'phone' ? 'tel' : undefined}
          />
        )}
      </Form.Item>
    );
  });
  if (embedded) return <div data-testid="buyer-input-fields">{items}</div>;
  return (
    <div data-testid="buyer-input-fields">
      {/* component={false}: no <form> element, so the preview can sit inside the product editor's form. */}
      <Form layout="vertical" disabled={disabled} component={false} requiredMark>
        {items}
      </Form>
    </div>
  );
}
