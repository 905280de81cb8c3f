import { useStore } from '../store.ts';
import { Clock } from './Clock.tsx';
import { BoxIcon, UploadIcon } from './icons.tsx';

interface HeaderProps {
  onAvailability(): void;
  onImport(): void;
}

export function Header({ onAvailability, onImport }: HeaderProps) {
  const { info } = useStore();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="store-name">{info.settings.storeName}</span>
        <span className="register-id">Register {info.register.registerId}</span>
      </div>
      <nav className="header-actions" aria-label="Register tools">
        <button
          type="button"
          className="tool-button"
          data-testid="availability-open"
          onClick={onAvailability}
        >
          <BoxIcon />
          <span>Stock</span>
          <kbd>F6</kbd>
        </button>
        <button type="button" className="tool-button" data-testid="import-open" onClick={onImport}>
          <UploadIcon />
          <span>Import catalog</span>
        </button>
      </nav>
      <Clock />
    </header>
  );
}
