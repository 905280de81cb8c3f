/**
 * API tokens for scripts (owners only): each holds the permissions chosen for it, for every store or some; its
 * secret is shown once, when it is made. The admin token of earlier versions is listed too, until revoked.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TokenView } from '../../../shared/backoffice/people-api.ts';
import { permissions, type Permission } from '../../../shared/backoffice/roles.ts';
import { api } from '../api/api.ts';
import { Button } from '../ui/Button.tsx';
import { ActionForm } from '../ui/ActionForm.tsx';
import { Choices } from '../ui/Choices.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, TextField } from '../ui/Field.tsx';
import { ago, browserLocale, dateTime } from '../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SimpleTable } from '../ui/SimpleTable.tsx';
import { useStores } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';
import { useFields } from '../ui/useFields.ts';

const tokensKey = ['tokens'] as const;

export function TokensPage() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: api.tokens });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const revoke = useAction(
    (token: TokenView) => api.revokeToken(token.id),
    () => client.invalidateQueries({ queryKey: tokensKey }),
  );
  return (
    <>
      <PageHeader
        title="API tokens"
        description='For scripts: send "Authorization: Bearer <secret>". Each token holds only the permissions you give it.'
        actions={
          <Button look="primary" onClick={() => setCreating(true)} testId="token-new">
            New token
          </Button>
        }
      />
      <ErrorNotice error={tokens.error ?? revoke.error} />
      {tokens.isPending ? (
        <Loading what="tokens" />
      ) : tokens.data && tokens.data.length === 0 ? (
        <EmptyState title="No API tokens">
          <p>Make one for each script, with only the permissions it needs.</p>
        </EmptyState>
      ) : (
        <section className="panel">
          <SimpleTable testId="tokens-table" columns={['Name', 'May', 'Stores', 'Last used', 'State']}>
            {tokens.data?.map((token) => (
              <tr key={token.id} data-testid="token-row">
                <th scope="row">{token.name}</th>
                <td className="wrap">{token.legacy ? 'Everything an owner may' : token.scopes.join(', ')}</td>
                <td>{token.storeIds ? token.storeIds.join(', ') : 'Every store'}</td>
                <td>{token.lastUsedAt ? ago(token.lastUsedAt) : 'Never'}</td>
                <td>
                  {token.revokedAt ? (
                    `Revoked ${dateTime(token.revokedAt, browserLocale)}`
                  ) : (
                    <Button
                      look="quiet"
                      disabled={revoke.pending}
                      confirm={`Revoke "${token.name}"? Scripts using it stop working at once.`}
                      onClick={() => revoke.start(token)}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </SimpleTable>
        </section>
      )}
      {creating && (
        <TokenForm
          onClose={() => setCreating(false)}
          onCreated={(name, made) => {
            setCreating(false);
            setSecret({ name, secret: made });
          }}
        />
      )}
      {secret && (
        <Dialog
          title={`The secret of "${secret.name}"`}
          onClose={() => setSecret(null)}
          testId="token-secret-dialog"
        >
          <p>
            Copy it now into the script&apos;s settings: head office keeps only a hash of it and cannot show
            it again.
          </p>
          <p className="secret" data-testid="token-secret">
            {secret.secret}
          </p>
        </Dialog>
      )}
    </>
  );
}

function TokenForm({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (name: string, secret: string) => void;
}) {
  const client = useQueryClient();
  const { stores } = useStores();
  const { fields, field } = useFields({ name: '' });
  const [scopes, setScopes] = useState<Permission[]>(['catalog.read']);
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const create = useAction(
    () => api.createToken({ name: fields.name, scopes, storeIds: storeIds.length > 0 ? storeIds : null }),
    async (made) => {
      await client.invalidateQueries({ queryKey: tokensKey });
      onCreated(made.token.name, made.secret);
    },
  );
  return (
    <Dialog title="New API token" onClose={onClose} wide testId="token-form">
      <ActionForm
        label="API token"
        action={create}
        onSend={() => create.start(undefined)}
        send="Make the token"
        inRow
      >
        <TextField
          label="Name"
          required
          {...field('name')}
          hint="What uses it, such as nightly export."
          error={fieldError(create.details, 'name')}
        />
        <Choices
          legend="What it may do"
          className="choices choices-columns"
          options={permissions.map((permission) => ({ value: permission, label: permission }))}
          chosen={scopes}
          onChange={setScopes}
          error={fieldError(create.details, 'scopes')}
        />
        <Choices
          legend="Only these stores (none ticked: every store)"
          options={stores.map((store) => ({ value: store.id, label: store.name }))}
          chosen={storeIds}
          onChange={setStoreIds}
        />
      </ActionForm>
    </Dialog>
  );
}
