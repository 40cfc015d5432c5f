import { merchantPermissions, type MerchantPermission } from '@kameng/shared';
import { Checkbox, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';

/** The grantable staff permissions as a checkbox group (controlled by antd Form). */
export function PermissionCheckboxes(props: {
  value?: MerchantPermission[];
  onChange?: (value: MerchantPermission[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group<MerchantPermission>
      name="permissions"
      value={props.value ?? []}
      onChange={(v) => props.onChange?.(v)}
      style={{ width: '100%' }}
    >
      <Row gutter={[8, 8]}>
        {merchantPermissions.map((p) => (
          <Col key={p} xs={24} sm={12}>
            <Checkbox value={p} data-testid={`perm-${p}`}>
              {t(`permissions.${p}`)}
            </Checkbox>
          </Col>
        ))}
      </Row>
    </Checkbox.Group>
  );
}
