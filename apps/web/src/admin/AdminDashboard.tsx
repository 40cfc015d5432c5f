import { AlertOutlined, DollarOutlined, ShopOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const cards = [
  { key: 'merchants', icon: <ShopOutlined /> },
  { key: 'orders', icon: <ShoppingCartOutlined /> },
  { key: 'revenue', icon: <DollarOutlined /> },
  { key: 'alerts', icon: <AlertOutlined /> },
] as const;

/** Admin overview; the figures arrive with the orders and finance domains. */
export function AdminDashboard() {
  const { t } = useTranslation();
  return (
    <div data-testid="admin-dashboard">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.dashboard.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} xs={24} sm={12} xl={6}>
            <Card>
              <Statistic title={t(`admin.dashboard.cards.${c.key}`)} value="—" prefix={c.icon} />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('admin.dashboard.placeholder')}
      </Typography.Paragraph>
    </div>
  );
}
