import type { SVGProps } from "react";

/** The few outline icons the dashboard uses (24×24, stroke = currentColor). */
function Icon({ d, ...props }: Omit<SVGProps<SVGSVGElement>, "d"> & { d: string | string[] }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" aria-hidden width={16} height={16} {...props}>
      {(Array.isArray(d) ? d : [d]).map((path) => (
        <path key={path} d={path} />
      ))}
    </svg>
  );
}

type P = SVGProps<SVGSVGElement>;
export const InboxIcon = (p: P) => <Icon {...p} d={["M3 13h5l1.5 3h5L16 13h5", "M5 5h14l2 8v6H3v-6z"]} />;
export const PlugIcon = (p: P) => <Icon {...p} d={["M9 3v5M15 3v5", "M6 8h12v3a6 6 0 0 1-12 0z", "M12 17v4"]} />;
export const LogIcon = (p: P) => <Icon {...p} d={["M8 6h12M8 12h12M8 18h12", "M4 6h.01M4 12h.01M4 18h.01"]} />;
export const SettingsIcon = (p: P) => <Icon {...p} d={["M4 21v-7M4 10V3M12 21v-9M12 8V3M20 21v-5M20 12V3", "M1 14h6M9 8h6M17 16h6"]} />;
export const ChevronUpDownIcon = (p: P) => <Icon {...p} d={["M8 9l4-4 4 4", "M8 15l4 4 4-4"]} />;
export const ChevronLeftIcon = (p: P) => <Icon {...p} d="M15 18l-6-6 6-6" />;
export const ChevronRightIcon = (p: P) => <Icon {...p} d="M9 18l6-6-6-6" />;
export const SearchIcon = (p: P) => <Icon {...p} d={["M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16z", "M21 21l-4.3-4.3"]} />;
export const CheckIcon = (p: P) => <Icon {...p} d="M5 12l5 5L20 7" />;
export const SignOutIcon = (p: P) => <Icon {...p} d={["M15 17l5-5-5-5", "M20 12H9", "M12 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7"]} />;
export const LockIcon = (p: P) => <Icon {...p} d={["M6 11h12v10H6z", "M8 11V7a4 4 0 0 1 8 0v4"]} />;
export const KeyIcon = (p: P) => <Icon {...p} d={["M15.5 14a5.5 5.5 0 1 0-5.2-3.7L3 17.6V21h3.4v-2.2h2.2v-2.2h2.2l1.5-1.5A5.5 5.5 0 0 0 15.5 14z", "M17 8h.01"]} />;
export const UsersIcon = (p: P) => <Icon {...p} d={["M16 19v-1a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v1", "M9 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z", "M22 19v-1a4 4 0 0 0-3-3.9", "M16 3.1a3.5 3.5 0 0 1 0 6.8"]} />;
export const ExternalIcon = (p: P) => <Icon {...p} d={["M14 4h6v6", "M20 4l-9 9", "M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"]} />;
export const PaperclipIcon = (p: P) => <Icon {...p} d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9" />;
export const AlertIcon = (p: P) => <Icon {...p} d={["M12 9v4", "M12 17h.01", "M10.3 3.9L1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"]} />;
export const RefreshIcon = (p: P) => <Icon {...p} d={["M21 12a9 9 0 1 1-3-6.7L21 8", "M21 3v5h-5"]} />;
