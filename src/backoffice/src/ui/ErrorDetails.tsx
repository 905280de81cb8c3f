/** Head office's details of a refusal, one a line (a CSV's wrong rows, an account map's wrong entries). */
export function ErrorDetails({ details, testId }: { details: string[] | undefined; testId?: string }) {
  if (!details) return null;
  return (
    <ul className="notice notice-error" data-testid={testId}>
      {details.map((detail) => (
        <li key={detail}>{detail}</li>
      ))}
    </ul>
  );
}
