/**
 * The back office: who is signed in decides what shows. The one-time-link pages (first owner, set password) and
 * signing in are open; everything else is inside the shell, for a signed-in person, each page only for those
 * whose role has its permission. When head office says the session has ended, every page goes to signing in.
 */
import type { ReactElement } from 'react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client.ts';
import { AuditPage } from './audit/AuditPage.tsx';
import { BooksPage } from './books/BooksPage.tsx';
import { ChannelsPage } from './channels/ChannelsPage.tsx';
import { CountsPage } from './counts/CountsPage.tsx';
import { CustomersPage } from './customers/CustomersPage.tsx';
import { ExceptionsPage } from './exceptions/ExceptionsPage.tsx';
import { AdjustmentsPage } from './inventory/AdjustmentsPage.tsx';
import { GoodsReceiptsPage } from './inventory/GoodsReceiptsPage.tsx';
import { AccountPage } from './people/AccountPage.tsx';
import { TokensPage } from './people/TokensPage.tsx';
import { UsersPage } from './people/UsersPage.tsx';
import { ProductsPage } from './products/ProductsPage.tsx';
import { PurchaseOrdersPage } from './purchasing/PurchaseOrdersPage.tsx';
import { SuppliersPage } from './purchasing/SuppliersPage.tsx';
import { ReplenishmentPage } from './replenishment/ReplenishmentPage.tsx';
import { SalesPage } from './sales/SalesPage.tsx';
import { sessionChanged, useSessionQuery } from './session/session.ts';
import { SetPasswordPage, SetupPage } from './session/PasswordPages.tsx';
import { SignInPage } from './session/SignInPage.tsx';
import { pages, Shell } from './shell/Shell.tsx';
import { StockPage } from './stock/StockPage.tsx';
import { StoresPage } from './stores/StoresPage.tsx';
import { TodayPage } from './today/TodayPage.tsx';
import { TransfersPage } from './transfers/TransfersPage.tsx';
import { ErrorNotice, Loading } from './ui/Notice.tsx';
import { PageHeader } from './ui/PageHeader.tsx';

const sessionEnded = (error: unknown) => error instanceof ApiError && error.status === 401;

const client: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (sessionEnded(error) && query.queryKey[0] !== 'session') sessionChanged(client, null);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error) => {
      if (sessionEnded(error)) sessionChanged(client, null);
    },
  }),
  defaultOptions: {
    // A refusal (4xx) says what to change: asking again would get the same answer.
    queries: {
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});

const pageElements = {
  today: <TodayPage />,
  products: <ProductsPage />,
  stock: <StockPage />,
  counts: <CountsPage />,
  transfers: <TransfersPage />,
  receipts: <GoodsReceiptsPage />,
  adjustments: <AdjustmentsPage />,
  purchaseOrders: <PurchaseOrdersPage />,
  suppliers: <SuppliersPage />,
  replenishment: <ReplenishmentPage />,
  sales: <SalesPage />,
  customers: <CustomersPage />,
  exceptions: <ExceptionsPage />,
  channels: <ChannelsPage />,
  books: <BooksPage />,
  stores: <StoresPage />,
  users: <UsersPage />,
  tokens: <TokensPage />,
  audit: <AuditPage />,
} satisfies Record<(typeof pages)[number]['id'], ReactElement>;

export function App() {
  return (
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/setup" element={<SetupPage />} />
          <Route path="/set-password" element={<SetPasswordPage />} />
          <Route element={<SignedInOnly />}>
            {pages.map((page) => (
              <Route key={page.id} path={page.path} element={pageElements[page.id]} />
            ))}
            <Route path="/account" element={<AccountPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

/** The shell with the page, for a signed-in person; signing in first for anyone else. */
function SignedInOnly() {
  const session = useSessionQuery();
  const location = useLocation();
  if (session.isPending) return <Loading what="the back office" />;
  if (session.error) return <ErrorNotice error={session.error} />;
  if (!session.data) {
    const back = location.pathname + location.search;
    return <Navigate to={back === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(back)}`} replace />;
  }
  return <Shell session={session.data} />;
}

function NotFound() {
  return <PageHeader title="No such page" description="Choose a page on the left." />;
}
