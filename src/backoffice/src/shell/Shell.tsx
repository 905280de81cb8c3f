/**
 * The frame of every signed-in page: the pages this person may open on the left, who they are and signing out
 * at the top, the page itself in the middle. A page their role may not see is not in the list, and opening its
 * address says so instead of showing it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { matchPath, NavLink, Outlet, useLocation } from 'react-router';
import type { SessionView } from '../../../shared/backoffice/people-api.ts';
import type { Permission } from '../../../shared/backoffice/roles.ts';
import { api } from '../api/api.ts';
import { sessionChanged } from '../session/session.ts';
import { Button } from '../ui/Button.tsx';
import { ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export const pages = [
  { id: 'today', path: '/', label: 'Today', permission: 'stores.read' },
  { id: 'products', path: '/products', label: 'Products', permission: 'catalog.read' },
  { id: 'stock', path: '/stock', label: 'Stock', permission: 'stock.read' },
  { id: 'counts', path: '/counts', label: 'Counts', permission: 'stock.read' },
  { id: 'transfers', path: '/transfers', label: 'Transfers', permission: 'transfers.read' },
  { id: 'receipts', path: '/goods-received', label: 'Goods received', permission: 'stock.read' },
  { id: 'adjustments', path: '/adjustments', label: 'Adjustments', permission: 'stock.read' },
  { id: 'purchaseOrders', path: '/purchase-orders', label: 'Purchase orders', permission: 'purchasing.read' },
  { id: 'suppliers', path: '/suppliers', label: 'Suppliers', permission: 'purchasing.read' },
  { id: 'replenishment', path: '/replenishment', label: 'Replenishment', permission: 'stock.read' },
  { id: 'sales', path: '/sales', label: 'Sales and returns', permission: 'sales.read' },
  { id: 'customers', path: '/customers', label: 'Customers', permission: 'customers.read' },
  { id: 'exceptions', path: '/exceptions', label: 'Exceptions', permission: 'exceptions.read' },
  { id: 'channels', path: '/channels', label: 'Channels', permission: 'channels.read' },
  { id: 'books', path: '/books', label: 'Books', permission: 'exports.read' },
  { id: 'stores', path: '/stores', label: 'Stores and registers', permission: 'stores.read' },
  { id: 'users', path: '/users', label: 'Users', permission: 'users.manage' },
  { id: 'tokens', path: '/tokens', label: 'API tokens', permission: 'tokens.manage' },
  { id: 'audit', path: '/audit', label: 'Audit', permission: 'audit.read' },
] as const satisfies readonly { id: string; path: string; label: string; permission: Permission }[];

export const roleNames = {
  owner: 'Owner',
  buyer: 'Buyer',
  store_manager: 'Store manager',
  accountant: 'Accountant',
  viewer: 'Viewer',
} as const;

export function Shell({ session }: { session: SessionView }) {
  const { user } = session;
  const location = useLocation();
  const client = useQueryClient();
  const [failure, setFailure] = useState<unknown>(null);
  const may = (permission: Permission) => user.permissions.includes(permission);
  const current = pages.find((page) => matchPath(page.path, location.pathname));

  // Once the session is gone, the signed-in part of the app sends the person to signing in.
  const signOut = () => {
    api.signOut().then(
      () => sessionChanged(client, null),
      (error: unknown) => setFailure(error),
    );
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to the page
      </a>
      <nav className="sidebar" aria-label="Pages">
        <p className="brand">Counter</p>
        <ul>
          {pages
            .filter((page) => may(page.permission))
            .map((page) => (
              <li key={page.id}>
                <NavLink to={page.path} end={page.path === '/'} data-testid={`nav-${page.id}`}>
                  {page.label}
                </NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <div className="shell-main">
        <header className="topbar">
          <p className="who" data-testid="who">
            {user.name} <span className="role">{roleNames[user.role]}</span>
            {user.storeIds && <span className="role">{user.storeIds.join(', ')}</span>}
          </p>
          <NavLink to="/account">Your account</NavLink>
          <Button look="quiet" onClick={signOut} testId="sign-out">
            Sign out
          </Button>
        </header>
        <ErrorNotice error={failure} />
        <main id="main" tabIndex={-1}>
          {current && !may(current.permission) ? (
            <PageHeader
              title={current.label}
              description={`Your role (${roleNames[user.role]}) may not see this page: ask an owner if you need it.`}
            />
          ) : (
            <Outlet />
          )}
        </main>
      </div>
    </div>
  );
}
