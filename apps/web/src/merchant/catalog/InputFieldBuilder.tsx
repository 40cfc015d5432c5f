import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { InputField } from '@kameng/shared';
import { Button, Card, Col, Empty, Form, Input, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { BuyerInputFields } from '../../storefront/BuyerInputFields';
import { emptyInputField, type InputFieldForm } from './product-form';

const types: InputField['type'][] = ['text', 'email', 'phone', 'number', 'textarea'];

function validRegex(value: string | undefined): boolean {
  if (!value) return true;
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

/** Rows defining the buyer's input fields, with a live preview of the resulting form. */
export function InputFieldBuilder() {
  const { t } = useTranslation();
  const watched = Form.useWatch<InputFieldForm[] | undefined>('inputFields') ?? [];
  const preview: InputField[] = watched
    .filter((f): f is InputFieldForm => !!f)
    .map((f) => ({
      name: f.name ?? '',
      label: f.label ?? '',
      type: f.type ?? 'text',
      required: !!f.required,
      regex: validRegex(f.regex) ? f.regex || undefined : undefined,
      help: f.help || undefined,
    }));

  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Form.List name="inputFields">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card size="small" key={f.key} className="input-field-row" data-testid="input-field-row">
                  <Row gutter={8}>
                    <Col xs={12} sm={8}>
                      <Form.Item
                        name={[f.name, 'label']}
                        label={t('catalog.inputFields.label')}
                        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
                      >
                        <Input name="fieldLabel" maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={8}>
                      <Form.Item
                        name={[f.name, 'name']}
                        label={t('catalog.inputFields.name')}
                        rules={[
                          { required: true, message: t('validation.required') },
                          { pattern: /^[a-z][a-z0-9_]{0,31}$/, message: t('catalog.inputFields.nameRule') },
                        ]}
                      >
                        <Input name="fieldName" maxLength={32} placeholder="game_account" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={5}>
                      <Form.Item name={[f.name, 'type']} label={t('catalog.inputFields.type')}>
                        <Select
                          options={types.map((ty) => ({
                            value: ty,
                            label: t(`catalog.inputFields.types.${ty}`),
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={8} sm={3}>
                      <Form.Item
                        name={[f.name, 'required']}
                        label={t('catalog.inputFields.required')}
                        valuePropName="checked"
                      >
                        <Switch size="small" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={12}>
                      <Form.Item
                        name={[f.name, 'regex']}
                        label={t('catalog.inputFields.regex')}
                        rules={[
                          {
                            validator: (_r, v: string | undefined) =>
                              validRegex(v)
                                ? Promise.resolve()
                                : Promise.reject(new Error(t('catalog.inputFields.regexInvalid'))),
                          },
                        ]}
                      >
                        <Input name="fieldRegex" maxLength={200} placeholder="^\d{5,12}$" />
                      </Form.Item>
                    </Col>
                    <Col xs={22} sm={11}>
                      <Form.Item name={[f.name, 'help']} label={t('catalog.inputFields.help')}>
                        <Input name="fieldHelp" maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={2} sm={1} style={{ display: 'flex', alignItems: 'center' }}>
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(f.name)}
                        aria-label={t('common.delete')}
                      />
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add(emptyInputField())}
                disabled={fields.length >= 10}
                data-testid="input-field-add"
              >
                {t('catalog.inputFields.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('catalog.inputFields.preview')} data-testid="input-fields-preview">
          {preview.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.inputFields.none')} />
          ) : (
            <BuyerInputFields fields={preview} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
