/**
 * The people who use the back office (owners only): invite someone (they get a one-time link to choose their
 * password; nobody is given one), change a role or a store manager's stores, switch someone off, or make a
 * password-reset link.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PasswordLink, UserView } from '../../../shared/backoffice/people-api.ts';
import { backOfficeRoles, roleDescriptions, type BackOfficeRole } from '../../../shared/backoffice/roles.ts';
import { api } from '../api/api.ts';
import { roleNames } from '../shell/Shell.tsx';
import { Button } from '../ui/Button.tsx';
import { ActionForm } from '../ui/ActionForm.tsx';
import { Checkbox, Choices } from '../ui/Choices.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, SelectField, TextField } from '../ui/Field.tsx';
import { browserLocale, dateTime } from '../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SimpleTable } from '../ui/SimpleTable.tsx';
import { useStores } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';
import { useFields } from '../ui/useFields.ts';

const usersKey = ['users'] as const;

function status(user: UserView): string {
  if (!user.active) return 'Switched off';
  if (!user.passwordSet) return 'Invited: has not chosen a password yet';
  if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now())
    return `Locked until ${dateTime(user.lockedUntil, browserLocale)} (wrong passwords)`;
  return 'Active';
}

export function UsersPage() {
  const users = useQuery({ queryKey: usersKey, queryFn: api.users });
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [link, setLink] = useState<{ link: PasswordLink; who: string } | null>(null);
  return (
    <>
      <PageHeader
        title="Users"
        description="Who signs in to the back office, and what their role lets them do."
        actions={
          <Button look="primary" onClick={() => setEditing('new')} testId="user-new">
            Invite someone
          </Button>
        }
      />
      <ErrorNotice error={users.error} />
      {users.isPending ? (
        <Loading what="users" />
      ) : users.data && users.data.length === 0 ? (
        <EmptyState title="Nobody yet" />
      ) : (
        <section className="panel">
          <SimpleTable
            testId="users-table"
            columns={[
              'Name',
              'Email',
              'Role',
              'State',
              { label: <span className="visually-hidden">Actions</span> },
            ]}
          >
            {users.data?.map((user) => (
              <tr key={user.id} data-testid="user-row" data-email={user.email}>
                <th scope="row">{user.name}</th>
                <td>{user.email}</td>
                <td>
                  {roleNames[user.role]}
                  {user.storeIds.length > 0 && (
                    <span className="secondary"> ({user.storeIds.join(', ')})</span>
                  )}
                </td>
                <td className={user.active && user.passwordSet ? undefined : 'attention'}>{status(user)}</td>
                <td>
                  <Button look="quiet" onClick={() => setEditing(user)}>
                    Change
                  </Button>
                </td>
              </tr>
            ))}
          </SimpleTable>
        </section>
      )}
      {editing && (
        <UserForm
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onLink={(passwordLink, who) => {
            setEditing(null);
            setLink({ link: passwordLink, who });
          }}
        />
      )}
      {link && (
        <Dialog title="Give them this link" onClose={() => setLink(null)} testId="password-link-dialog">
          <p>
            {link.who} chooses their password here. The link works once, until{' '}
            {dateTime(link.link.expiresAt, browserLocale)}. Send it to them yourself: head office sends no
            email.
          </p>
          <p className="secret" data-testid="password-link">
            {link.link.url}
          </p>
        </Dialog>
      )}
    </>
  );
}

function UserForm({
  user,
  onClose,
  onLink,
}: {
  user: UserView | null;
  onClose: () => void;
  onLink: (link: PasswordLink, who: string) => void;
}) {
  const client = useQueryClient();
  const { stores } = useStores();
  const { fields, field } = useFields({ email: user?.email ?? '', name: user?.name ?? '' });
  const { email, name } = fields;
  const [role, setRole] = useState<BackOfficeRole>(user?.role ?? 'viewer');
  const [storeIds, setStoreIds] = useState<string[]>(user?.storeIds ?? []);
  const [active, setActive] = useState(user?.active ?? true);
  const storesOfRole = role === 'store_manager' ? storeIds : [];

  const save = useAction(
    async (): Promise<PasswordLink | null> => {
      if (user) {
        await api.updateUser(user.id, { name, role, storeIds: storesOfRole, active });
        return null;
      }
      return (await api.inviteUser({ email, name, role, storeIds: storesOfRole })).link;
    },
    async (link) => {
      await client.invalidateQueries({ queryKey: usersKey });
      if (link) onLink(link, name);
      else onClose();
    },
  );
  const reset = useAction(
    () => api.passwordLink(user!.id),
    (link) => onLink(link, user!.name),
  );
  return (
    <Dialog title={user ? `Change ${user.name}` : 'Invite someone'} onClose={onClose} testId="user-form">
      <ActionForm
        label="User"
        action={save}
        onSend={() => save.start(undefined)}
        send={user ? 'Save' : 'Invite'}
        sendTestId="user-save"
        inRow
        otherActions={
          user && (
            <Button look="secondary" disabled={reset.pending} onClick={() => reset.start(undefined)}>
              New password link
            </Button>
          )
        }
      >
        <TextField
          label="Email"
          type="email"
          required
          {...field('email')}
          readOnly={user !== null}
          error={fieldError(save.details, 'email')}
          data-testid="user-email"
        />
        <TextField
          label="Name"
          required
          {...field('name')}
          error={fieldError(save.details, 'name')}
          data-testid="user-name"
        />
        <SelectField
          label="Role"
          value={role}
          hint={roleDescriptions[role]}
          onChange={(event) => setRole(event.target.value as BackOfficeRole)}
          data-testid="user-role"
        >
          {backOfficeRoles.map((option) => (
            <option key={option} value={option}>
              {roleNames[option]}
            </option>
          ))}
        </SelectField>
        {role === 'store_manager' && (
          <Choices
            legend="Their stores"
            options={stores.map((store) => ({ value: store.id, label: store.name }))}
            chosen={storeIds}
            onChange={setStoreIds}
            error={fieldError(save.details, 'storeIds')}
          />
        )}
        {user && (
          <Checkbox checked={active} onChange={setActive}>
            May sign in (switched off: their sessions end at once)
          </Checkbox>
        )}
        <ErrorNotice error={reset.error} />
      </ActionForm>
    </Dialog>
  );
}
