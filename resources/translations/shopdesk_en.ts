<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ShopDesk</source>
        <translation>About ShopDesk</translation>
    </message>
    <message>
        <source>ShopDesk</source>
        <translation>ShopDesk</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;font-size:16pt&apos;&gt;ShopDesk {version__}&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;font-size:16pt&apos;&gt;ShopDesk {version__}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The front desk of an auto repair shop or parts dealer. Works without the internet.&lt;br&gt;&lt;br&gt;&lt;b&gt;Database:&lt;/b&gt; {database}&lt;br&gt;&lt;b&gt;Data folder:&lt;/b&gt; {data_dir}&lt;br&gt;&lt;b&gt;Log file:&lt;/b&gt; {log_file}&lt;br&gt;&lt;br&gt;Python {python_version}, Qt for Python {version__}</source>
        <translation>The front desk of an auto repair shop or parts dealer. Works without the internet.&lt;br&gt;&lt;br&gt;&lt;b&gt;Database:&lt;/b&gt; {database}&lt;br&gt;&lt;b&gt;Data folder:&lt;/b&gt; {data_dir}&lt;br&gt;&lt;b&gt;Log file:&lt;/b&gt; {log_file}&lt;br&gt;&lt;br&gt;Python {python_version}, Qt for Python {version__}</translation>
    </message>
</context>
<context>
    <name>AccountantExportDialog</name>
    <message>
        <source>Accountant export</source>
        <extracomment>(key, what) -&gt; file suffix</extracomment>
        <translation>Accountant export</translation>
    </message>
    <message>
        <source>Issued invoices and credit notes, or payments, dated in the period — in the layout your accountant imports.</source>
        <translation>Issued invoices and credit notes, or payments, dated in the period — in the layout your accountant imports.</translation>
    </message>
    <message>
        <source>Sales journal (invoices and credit notes)</source>
        <translation>Sales journal (invoices and credit notes)</translation>
    </message>
    <message>
        <source>Payments journal</source>
        <translation>Payments journal</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">to</translation>
    </message>
    <message>
        <source>&amp;This month</source>
        <translation>&amp;This month</translation>
    </message>
    <message>
        <source>&amp;Last month</source>
        <translation>&amp;Last month</translation>
    </message>
    <message>
        <source>&amp;Period</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>&amp;Format</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xport…</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel workbook (.xlsx)</translation>
    </message>
    <message>
        <source>CSV (.csv)</source>
        <translation>CSV (.csv)</translation>
    </message>
    <message>
        <source>Xero sales invoice import (.csv)</source>
        <translation>Xero sales invoice import (.csv)</translation>
    </message>
    <message>
        <source>QuickBooks Online invoice import (.csv)</source>
        <translation>QuickBooks Online invoice import (.csv)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished">Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished">CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export for the accountant</source>
        <translation>Export for the accountant</translation>
    </message>
    <message>
        <source>Exporting for the accountant</source>
        <translation>Exporting for the accountant</translation>
    </message>
    <message>
        <source>{count} payments, {total}, written to {path}</source>
        <translation>{count} payments, {total}, written to {path}</translation>
    </message>
    <message>
        <source>{count} invoices and credit notes, {total} gross, written to {path}</source>
        <translation>{count} invoices and credit notes, {total} gross, written to {path}</translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Damaged</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>Lost or stolen</source>
        <translation>Lost or stolen</translation>
    </message>
    <message>
        <source>Used in the shop</source>
        <translation>Used in the shop</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Adjust stock of {sku}</source>
        <translation>Adjust stock of {sku}</translation>
    </message>
    <message>
        <source>{name}: {quantity} {unit} on hand</source>
        <translation>{name}: {quantity} {unit} on hand</translation>
    </message>
    <message>
        <source>e.g. -2 to remove two, 3 to add three</source>
        <translation>e.g. -2 to remove two, 3 to add three</translation>
    </message>
    <message>
        <source>&amp;Change by</source>
        <translation>&amp;Change by</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
</context>
<context>
    <name>AgingDialog</name>
    <message>
        <source>Receivables</source>
        <translation>Receivables</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>&amp;Statement…</source>
        <translation>&amp;Statement…</translation>
    </message>
    <message>
        <source>The selected customer&apos;s account statement (or double-click the row)</source>
        <translation>The selected customer&apos;s account statement (or double-click the row)</translation>
    </message>
    <message>
        <source>&amp;Statement… (pick a customer first)</source>
        <translation>&amp;Statement… (pick a customer first)</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>Cannot open the shop database</source>
        <translation>Cannot open the shop database</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>owner</translation>
    </message>
    <message>
        <source>Back to the demo shop</source>
        <translation>Back to the demo shop</translation>
    </message>
    <message>
        <source>Your shop</source>
        <translation type="unfinished">Your shop</translation>
    </message>
    <message>
        <source>This PC already has a shop database, or ShopDesk was started with --db. Start ShopDesk without --db to open your own shop.</source>
        <translation>This PC already has a shop database, or ShopDesk was started with --db. Start ShopDesk without --db to open your own shop.</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>(all)</source>
        <translation>(all)</translation>
    </message>
    <message>
        <source>Only from</source>
        <translation>Only from</translation>
    </message>
    <message>
        <source>Record:</source>
        <translation>Record:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Select an entry to see the record before and after.</source>
        <translation>Select an entry to see the record before and after.</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>After</source>
        <translation type="unfinished">After</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>1 entry</translation>
    </message>
    <message>
        <source>{number} entries</source>
        <translation>{number} entries</translation>
    </message>
    <message>
        <source>(nothing before)</source>
        <translation>(nothing before)</translation>
    </message>
    <message>
        <source>(nothing after)</source>
        <translation>(nothing after)</translation>
    </message>
</context>
<context>
    <name>BackupBanner</name>
    <message>
        <source>Back up now</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>Choose folder…</translation>
    </message>
</context>
<context>
    <name>BackupGuard</name>
    <message>
        <source>Ask the owner to check the backups.</source>
        <translation>Ask the owner to check the backups.</translation>
    </message>
    <message>
        <source>The backup when closing on {when} was skipped.</source>
        <translation>The backup when closing on {when} was skipped.</translation>
    </message>
    <message>
        <source>Backing up the shop database…</source>
        <translation>Backing up the shop database…</translation>
    </message>
    <message>
        <source>Backed up to {path} ({describe})</source>
        <translation>Backed up to {path} ({describe})</translation>
    </message>
    <message>
        <source>Backup failed: {message}</source>
        <translation>Backup failed: {message}</translation>
    </message>
    <message>
        <source>The last backup failed: {message}</source>
        <translation>The last backup failed: {message}</translation>
    </message>
    <message>
        <source>Back up to which folder?</source>
        <translation>Back up to which folder?</translation>
    </message>
    <message>
        <source>Backing up before closing… (Cancel closes now)</source>
        <translation>Backing up before closing… (Cancel closes now)</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>Backups</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>ShopDesk backs the shop up when it closes and every few hours, keeping a week of daily, a month of weekly and a year of monthly copies.</source>
        <translation>ShopDesk backs the shop up when it closes and every few hours, keeping a week of daily, a month of weekly and a year of monthly copies.</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoose…</translation>
    </message>
    <message>
        <source>Backup &amp;folder</source>
        <translation>Backup &amp;folder</translation>
    </message>
    <message>
        <source>This shop&apos;s database is on a PostgreSQL server: back it up on the server (ShopDesk&apos;s backup command runs pg_dump there).</source>
        <translation>This shop&apos;s database is on a PostgreSQL server: back it up on the server (ShopDesk&apos;s backup command runs pg_dump there).</translation>
    </message>
    <message>
        <source>Folder for the backups</source>
        <translation>Folder for the backups</translation>
    </message>
    <message>
        <source>This folder is on the same disk as the shop&apos;s database: if the disk fails, the backups go with it. A USB drive or another disk is safer; you can change it later in File → Backups.</source>
        <translation>This folder is on the same disk as the shop&apos;s database: if the disk fails, the backups go with it. A USB drive or another disk is safer; you can change it later in File → Backups.</translation>
    </message>
    <message>
        <source>There is no folder {folder}: choose one that exists (plug the drive in first).</source>
        <translation>There is no folder {folder}: choose one that exists (plug the drive in first).</translation>
    </message>
</context>
<context>
    <name>BackupStatus</name>
    <message>
        <source>The backup folder {folder} is missing (unplugged drive?): no backups are being made.</source>
        <translation>The backup folder {folder} is missing (unplugged drive?): no backups are being made.</translation>
    </message>
    <message>
        <source>This shop database has never been backed up.</source>
        <translation>This shop database has never been backed up.</translation>
    </message>
    <message>
        <source>The last good backup is from {when}, more than two days ago.</source>
        <translation>The last good backup is from {when}, more than two days ago.</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Taken</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&lt;b&gt;Backup folder of this PC:&lt;/b&gt; {folder}</source>
        <translation>&lt;b&gt;Backup folder of this PC:&lt;/b&gt; {folder}</translation>
    </message>
    <message>
        <source>This shop&apos;s database is on a PostgreSQL server: back it up on the server (pg_dump). Back up now runs pg_dump from this PC when it is installed.</source>
        <translation>This shop&apos;s database is on a PostgreSQL server: back it up on the server (pg_dump). Back up now runs pg_dump from this PC when it is installed.</translation>
    </message>
    <message>
        <source>Backups are up to date. ShopDesk backs up once a day while open and when it closes; it keeps 7 daily, 4 weekly and 12 monthly backups.</source>
        <translation>Backups are up to date. ShopDesk backs up once a day while open and when it closes; it keeps 7 daily, 4 weekly and 12 monthly backups.</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>before a restore</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Select the backup to restore.</source>
        <translation>Select the backup to restore.</translation>
    </message>
    <message>
        <source>the backup of {day}, {time}</source>
        <translation>the backup of {day}, {time}</translation>
    </message>
    <message>
        <source>Restore which backup?</source>
        <translation>Restore which backup?</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Restore a backup</translation>
    </message>
    <message>
        <source>Checking and restoring the backup…</source>
        <translation>Checking and restoring the backup…</translation>
    </message>
    <message>
        <source>Replace the shop database with {what}?

Everything entered since then will be gone. A safety copy of the database as it is now is kept in the backup folder. Other windows of ShopDesk on this PC must be closed.</source>
        <translation>Replace the shop database with {what}?

Everything entered since then will be gone. A safety copy of the database as it is now is kept in the backup folder. Other windows of ShopDesk on this PC must be closed.</translation>
    </message>
    <message>
        <source>Back up &amp;now</source>
        <translation>Back up &amp;now</translation>
    </message>
    <message>
        <source>Choose &amp;folder…</source>
        <translation>Choose &amp;folder…</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Restore…</translation>
    </message>
    <message>
        <source>Restore from &amp;another file…</source>
        <translation>Restore from &amp;another file…</translation>
    </message>
    <message>
        <source>ShopDesk backups (*.sqlite3 *.db *.pgdump);;All files (*)</source>
        <translation>ShopDesk backups (*.sqlite3 *.db *.pgdump);;All files (*)</translation>
    </message>
    <message>
        <source>Replace the shop database on the server with {what}?

Everything entered since then will be gone. A safety copy of the database as it is now is kept in the backup folder and on the server. Every other PC using ShopDesk will be disconnected and must reopen ShopDesk.</source>
        <translation>Replace the shop database on the server with {what}?

Everything entered since then will be gone. A safety copy of the database as it is now is kept in the backup folder and on the server. Every other PC using ShopDesk will be disconnected and must reopen ShopDesk.</translation>
    </message>
    <message>
        <source>Cannot restore this file</source>
        <translation>Cannot restore this file</translation>
    </message>
    <message>
        <source>On the server it is also kept as the database {name}. Other PCs must reopen ShopDesk.</source>
        <translation>On the server it is also kept as the database {name}. Other PCs must reopen ShopDesk.</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>Backup restored</translation>
    </message>
    <message>
        <source>The shop database now holds {what}.
The database as it was before is kept as {safety_copy}.</source>
        <translation>The shop database now holds {what}.
The database as it was before is kept as {safety_copy}.</translation>
    </message>
    <message>
        <source>Nothing was restored</source>
        <translation>Nothing was restored</translation>
    </message>
</context>
<context>
    <name>BlacklistDialog</name>
    <message>
        <source>&amp;Reason</source>
        <translation type="unfinished">&amp;Reason</translation>
    </message>
    <message>
        <source>e.g. invoice RA-1042 unpaid since March</source>
        <translation>e.g. invoice RA-1042 unpaid since March</translation>
    </message>
</context>
<context>
    <name>BookDialog</name>
    <message>
        <source>Book an appointment</source>
        <translation type="unfinished">Book an appointment</translation>
    </message>
    <message>
        <source>&amp;Book</source>
        <translation>&amp;Book</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>(any bay)</source>
        <translation>(any bay)</translation>
    </message>
    <message>
        <source>(anyone)</source>
        <translation>(anyone)</translation>
    </message>
    <message>
        <source>What for, in the customer&apos;s words</source>
        <translation>What for, in the customer&apos;s words</translation>
    </message>
    <message>
        <source>&amp;Plate</source>
        <translation>&amp;Plate</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>&amp;When</translation>
    </message>
    <message>
        <source>&amp;Length</source>
        <translation>&amp;Length</translation>
    </message>
    <message>
        <source>B&amp;ay</source>
        <translation>B&amp;ay</translation>
    </message>
    <message>
        <source>&amp;Technician</source>
        <translation>&amp;Technician</translation>
    </message>
    <message>
        <source>W&amp;hat for</source>
        <translation>W&amp;hat for</translation>
    </message>
</context>
<context>
    <name>CLI</name>
    <message>
        <source>no.</source>
        <translation>no.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <source>phone</source>
        <translation type="unfinished">phone</translation>
    </message>
    <message>
        <source>city</source>
        <translation>city</translation>
    </message>
    <message>
        <source>vehicle</source>
        <translation>vehicle</translation>
    </message>
    <message>
        <source>plate</source>
        <translation>plate</translation>
    </message>
    <message>
        <source>owner</source>
        <translation type="unfinished">owner</translation>
    </message>
    <message>
        <source>Issued {number} to {customer}: total {total}</source>
        <translation>Issued {number} to {customer}: total {total}</translation>
    </message>
    <message>
        <source>Wrote the statement of {name} to {file}</source>
        <translation>Wrote the statement of {name} to {file}</translation>
    </message>
    <message>
        <source>Wrote the service history of {vehicle} to {file}</source>
        <translation>Wrote the service history of {vehicle} to {file}</translation>
    </message>
    <message>
        <source>the shop database is damaged ({problem}): restore it from a backup (shopdesk restore FILE); nothing was changed.</source>
        <extracomment>Modules that add subcommands: each has ``register(subparsers, common)``. Imported only to run a subcommand (or print the help): they import printing, exports and imports, which opening the window has no use for.</extracomment>
        <translation>the shop database is damaged ({problem}): restore it from a backup (shopdesk restore FILE); nothing was changed.</translation>
    </message>
    <message>
        <source>Password for the new login {login}: </source>
        <translation>Password for the new login {login}: </translation>
    </message>
    <message>
        <source>Created the roles: {roles}.</source>
        <translation>Created the roles: {roles}.</translation>
    </message>
    <message>
        <source>Brought the schema up to date as {owner} (versions {first} to {last}).</source>
        <translation>Brought the schema up to date as {owner} (versions {first} to {last}).</translation>
    </message>
    <message>
        <source>{owner} owns the database and its {count} tables; {login} may read and write the shop&apos;s data only (no table ownership, no trigger changes, the audit log append-only). Start ShopDesk on each PC with --db postgresql://{login}:PASSWORD@SERVER/{name}.</source>
        <translation>{owner} owns the database and its {count} tables; {login} may read and write the shop&apos;s data only (no table ownership, no trigger changes, the audit log append-only). Start ShopDesk on each PC with --db postgresql://{login}:PASSWORD@SERVER/{name}.</translation>
    </message>
    <message>
        <source>{username} can sign in again.</source>
        <translation>{username} can sign in again.</translation>
    </message>
    <message>
        <source>any car</source>
        <translation>any car</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation type="unfinished">{km} km</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation type="unfinished">{months} months</translation>
    </message>
    <message>
        <source>{start} to {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>{amount} (sum of lines)</source>
        <translation>{amount} (sum of lines)</translation>
    </message>
    <message>
        <source>for</source>
        <translation>for</translation>
    </message>
    <message>
        <source>every</source>
        <translation>every</translation>
    </message>
    <message>
        <source>season</source>
        <translation>season</translation>
    </message>
    <message>
        <source>price</source>
        <translation>price</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>lines</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation type="unfinished">(archived)</translation>
    </message>
    <message>
        <source>{count} package(s)</source>
        <translation>{count} package(s)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished">yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished">no</translation>
    </message>
    <message>
        <source>Package</source>
        <translation type="unfinished">Package</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>Every</translation>
    </message>
    <message>
        <source>Season</source>
        <translation>Season</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation type="unfinished">Archived</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>kind</translation>
    </message>
    <message>
        <source>description</source>
        <translation>description</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>quantity</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>hours</translation>
    </message>
    <message>
        <source>unit price</source>
        <translation>unit price</translation>
    </message>
    <message>
        <source>part&apos;s price</source>
        <translation>part&apos;s price</translation>
    </message>
    <message>
        <source>labour rate</source>
        <translation>labour rate</translation>
    </message>
    <message>
        <source>Wrote {count} package(s) to {file}</source>
        <translation>Wrote {count} package(s) to {file}</translation>
    </message>
</context>
<context>
    <name>CashUpDialog</name>
    <message>
        <source>Cash-up – {date}</source>
        <translation>Cash-up – {date}</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Takings</source>
        <translation>Takings</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cash expected in the till: {money}&lt;/b&gt; · all takings {money2}</source>
        <translation>&lt;b&gt;Cash expected in the till: {money}&lt;/b&gt; · all takings {money2}</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Still due</source>
        <translation>Still due</translation>
    </message>
    <message>
        <source>{count} invoices for {money}; {count2} credit notes for {money2}</source>
        <translation>{count} invoices for {money}; {count2} credit notes for {money2}</translation>
    </message>
</context>
<context>
    <name>CatalogueTab</name>
    <message>
        <source>All lines</source>
        <translation>All lines</translation>
    </message>
    <message>
        <source>Not linked to a part</source>
        <translation>Not linked to a part</translation>
    </message>
    <message>
        <source>Linked to a part</source>
        <translation>Linked to a part</translation>
    </message>
    <message>
        <source>Supplier number, description or barcode…</source>
        <translation>Supplier number, description or barcode…</translation>
    </message>
    <message>
        <source>Supplier:</source>
        <translation type="unfinished">Supplier:</translation>
    </message>
    <message>
        <source>&amp;Import price file…</source>
        <translation>&amp;Import price file…</translation>
    </message>
    <message>
        <source>Link &amp;automatically</source>
        <translation>Link &amp;automatically</translation>
    </message>
    <message>
        <source>Lin&amp;k to part…</source>
        <translation>Lin&amp;k to part…</translation>
    </message>
    <message>
        <source>Update c&amp;osts…</source>
        <translation>Update c&amp;osts…</translation>
    </message>
    <message>
        <source>Add a supplier on the Purchasing screen first.</source>
        <translation>Add a supplier on the Purchasing screen first.</translation>
    </message>
    <message>
        <source>{count} line(s) shown.</source>
        <translation>{count} line(s) shown.</translation>
    </message>
    <message>
        <source>No catalogue lines here yet: import the supplier&apos;s price file (.xlsx or .csv). No stock items are created.</source>
        <translation>No catalogue lines here yet: import the supplier&apos;s price file (.xlsx or .csv). No stock items are created.</translation>
    </message>
    <message>
        <source>Supplier price file</source>
        <translation>Supplier price file</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Price file not read</source>
        <translation>Price file not read</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <source>Price file not imported</source>
        <translation>Price file not imported</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>Nothing was imported.</translation>
    </message>
    <message>
        <source>Imported {added} new and {updated} changed line(s); {linked} linked to parts; {errors} row(s) skipped.</source>
        <translation>Imported {added} new and {updated} changed line(s); {linked} linked to parts; {errors} row(s) skipped.</translation>
    </message>
    <message>
        <source>{count} line(s) linked by supplier number or barcode.</source>
        <translation>{count} line(s) linked by supplier number or barcode.</translation>
    </message>
    <message>
        <source>Link to part</source>
        <translation>Link to part</translation>
    </message>
    <message>
        <source>SKU or barcode of the part for {line}:</source>
        <translation>SKU or barcode of the part for {line}:</translation>
    </message>
    <message>
        <source>Not linked</source>
        <translation>Not linked</translation>
    </message>
    <message>
        <source>No part has the SKU or barcode {code}</source>
        <translation>No part has the SKU or barcode {code}</translation>
    </message>
    <message>
        <source>{line} linked to {sku}.</source>
        <translation>{line} linked to {sku}.</translation>
    </message>
    <message>
        <source>Every linked part already has the catalogue&apos;s cost.</source>
        <translation>Every linked part already has the catalogue&apos;s cost.</translation>
    </message>
    <message>
        <source>No cost was changed.</source>
        <translation>No cost was changed.</translation>
    </message>
    <message>
        <source>Costs not changed</source>
        <translation>Costs not changed</translation>
    </message>
    <message>
        <source>{costs} cost(s) and {prices} price(s) changed.</source>
        <translation>{costs} cost(s) and {prices} price(s) changed.</translation>
    </message>
</context>
<context>
    <name>Check</name>
    <message>
        <source>audit log entries {first} to {last} of the chain are missing (deleted); the next one left is {name}</source>
        <translation>audit log entries {first} to {last} of the chain are missing (deleted); the next one left is {name}</translation>
    </message>
    <message>
        <source>audit log entry {first} of the chain is missing (deleted); the next one left is {name}</source>
        <translation>audit log entry {first} of the chain is missing (deleted); the next one left is {name}</translation>
    </message>
    <message>
        <source>audit log entry {name}, number {first} of the chain, was altered: it no longer matches its hash</source>
        <translation>audit log entry {name}, number {first} of the chain, was altered: it no longer matches its hash</translation>
    </message>
    <message>
        <source>audit log entry {name} was inserted outside ShopDesk: the chain never held it</source>
        <translation>audit log entry {name} was inserted outside ShopDesk: the chain never held it</translation>
    </message>
    <message>
        <source>issued documents {first} to {last} of the chain are missing (deleted); the next one left is {name}</source>
        <translation>issued documents {first} to {last} of the chain are missing (deleted); the next one left is {name}</translation>
    </message>
    <message>
        <source>issued document {first} of the chain is missing (deleted); the next one left is {name}</source>
        <translation>issued document {first} of the chain is missing (deleted); the next one left is {name}</translation>
    </message>
    <message>
        <source>issued document {name}, number {first} of the chain, was altered: its number, dates, customer, totals or lines no longer match its hash</source>
        <translation>issued document {name}, number {first} of the chain, was altered: its number, dates, customer, totals or lines no longer match its hash</translation>
    </message>
    <message>
        <source>issued document {name} was inserted outside ShopDesk: the chain never held it</source>
        <translation>issued document {name} was inserted outside ShopDesk: the chain never held it</translation>
    </message>
    <message>
        <source>FAULT {fault}</source>
        <translation>FAULT {fault}</translation>
    </message>
    <message>
        <source>{count} fault(s) in {where}.</source>
        <translation>{count} fault(s) in {where}.</translation>
    </message>
    <message>
        <source>OK: {count} checks passed on {where}.</source>
        <translation>OK: {count} checks passed on {where}.</translation>
    </message>
    <message>
        <source>{name}: {message}</source>
        <translation>{name}: {message}</translation>
    </message>
</context>
<context>
    <name>Check names</name>
    <message>
        <source>invoices</source>
        <translation>invoices</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>customers</translation>
    </message>
    <message>
        <source>vehicles</source>
        <translation>vehicles</translation>
    </message>
    <message>
        <source>search</source>
        <translation>search</translation>
    </message>
    <message>
        <source>repair orders</source>
        <translation>repair orders</translation>
    </message>
    <message>
        <source>cores</source>
        <translation>cores</translation>
    </message>
    <message>
        <source>comebacks</source>
        <translation>comebacks</translation>
    </message>
    <message>
        <source>audit chain</source>
        <translation>audit chain</translation>
    </message>
    <message>
        <source>document chain</source>
        <translation>document chain</translation>
    </message>
    <message>
        <source>storage</source>
        <translation>storage</translation>
    </message>
    <message>
        <source>schema</source>
        <translation>schema</translation>
    </message>
    <message>
        <source>shop</source>
        <translation>shop</translation>
    </message>
    <message>
        <source>price levels</source>
        <translation>price levels</translation>
    </message>
    <message>
        <source>markup matrix</source>
        <translation>markup matrix</translation>
    </message>
    <message>
        <source>supplier catalogue</source>
        <translation>supplier catalogue</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>stock</translation>
    </message>
    <message>
        <source>stock-takes</source>
        <translation>stock-takes</translation>
    </message>
    <message>
        <source>stock months</source>
        <translation>stock months</translation>
    </message>
    <message>
        <source>purchasing</source>
        <translation>purchasing</translation>
    </message>
    <message>
        <source>repair-order returns</source>
        <translation>repair-order returns</translation>
    </message>
</context>
<context>
    <name>CheckInDialog</name>
    <message>
        <source>Check in a new customer</source>
        <translation>Check in a new customer</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Vehicle (optional)</source>
        <translation>Vehicle (optional)</translation>
    </message>
    <message>
        <source>What the customer wants today (e.g. oil change, noise from front left)</source>
        <translation>What the customer wants today (e.g. oil change, noise from front left)</translation>
    </message>
    <message>
        <source>Customer&apos;s co&amp;ncern</source>
        <translation>Customer&apos;s co&amp;ncern</translation>
    </message>
    <message>
        <source>Open the car&apos;s &amp;repair order now</source>
        <translation>Open the car&apos;s &amp;repair order now</translation>
    </message>
    <message>
        <source>Print the &amp;job card</source>
        <translation>Print the &amp;job card</translation>
    </message>
    <message>
        <source>&amp;Check in</source>
        <translation>&amp;Check in</translation>
    </message>
    <message>
        <source>BLACKLISTED</source>
        <translation>BLACKLISTED</translation>
    </message>
    <message>
        <source>Already on file? {matches}</source>
        <translation>Already on file? {matches}</translation>
    </message>
    <message>
        <source>Checked in; please check: {problems}</source>
        <translation>Checked in; please check: {problems}</translation>
    </message>
    <message>
        <source>Checked in {display_name}</source>
        <translation>Checked in {display_name}</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>km on the dashboard</source>
        <translation>km on the dashboard</translation>
    </message>
    <message>
        <source>Only if lower than last time</source>
        <translation>Only if lower than last time</translation>
    </message>
    <message>
        <source>The customer&apos;s concerns, in their words</source>
        <translation>The customer&apos;s concerns, in their words</translation>
    </message>
    <message>
        <source>&amp;Plate</source>
        <translation>&amp;Plate</translation>
    </message>
    <message>
        <source>&amp;Odometer</source>
        <translation type="unfinished">&amp;Odometer</translation>
    </message>
    <message>
        <source>Reason if &amp;lower</source>
        <translation type="unfinished">Reason if &amp;lower</translation>
    </message>
    <message>
        <source>Co&amp;ncerns</source>
        <translation>Co&amp;ncerns</translation>
    </message>
    <message>
        <source>{car}, {customer}; last reading {km} km on {date}</source>
        <translation>{car}, {customer}; last reading {km} km on {date}</translation>
    </message>
    <message>
        <source>{car}, {customer}</source>
        <translation>{car}, {customer}</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>the database file is damaged: restore it from a backup (shopdesk restore, or File → Backups…)</source>
        <translation>the database file is damaged: restore it from a backup (shopdesk restore, or File → Backups…)</translation>
    </message>
    <message>
        <source>SQLite reports: {problem}</source>
        <translation>SQLite reports: {problem}</translation>
    </message>
    <message>
        <source>{table} row {row} points to a missing {parent}</source>
        <translation>{table} row {row} points to a missing {parent}</translation>
    </message>
    <message>
        <source>schema version {found}, expected {latest}</source>
        <translation>schema version {found}, expected {latest}</translation>
    </message>
    <message>
        <source>{count} settings rows; there must be one</source>
        <translation>{count} settings rows; there must be one</translation>
    </message>
    <message>
        <source>no active owner account: nobody can manage users or settings</source>
        <translation>no active owner account: nobody can manage users or settings</translation>
    </message>
    <message>
        <source>{count} default tax rates; there must be exactly one</source>
        <translation>{count} default tax rates; there must be exactly one</translation>
    </message>
    <message>
        <source>part {sku} shows {cache} on hand but its movements add up to {ledger}</source>
        <translation>part {sku} shows {cache} on hand but its movements add up to {ledger}</translation>
    </message>
    <message>
        <source>part {sku}: {later} was posted against the figure from before {first} posted (both were open at once); count the part again</source>
        <translation>part {sku}: {later} was posted against the figure from before {first} posted (both were open at once); count the part again</translation>
    </message>
    <message>
        <source>the month summary shows {summary} moved in {month} but the ledger&apos;s movements add up to {ledger}</source>
        <translation>the month summary shows {summary} moved in {month} but the ledger&apos;s movements add up to {ledger}</translation>
    </message>
    <message>
        <source>purchase order line #{id} received more than ordered</source>
        <translation>purchase order line #{id} received more than ordered</translation>
    </message>
    <message>
        <source>{reference}: {back} of part {sku} came back but only {out} went out to it</source>
        <translation>{reference}: {back} of part {sku} came back but only {out} went out to it</translation>
    </message>
    <message>
        <source>could not run: {problem}</source>
        <translation>could not run: {problem}</translation>
    </message>
    <message>
        <source>part {sku} shows {cache} cores on hand but its core movements add up to {ledger}</source>
        <translation>part {sku} shows {cache} cores on hand but its core movements add up to {ledger}</translation>
    </message>
    <message>
        <source>part #{id} has fewer than zero cores on hand</source>
        <translation>part #{id} has fewer than zero cores on hand</translation>
    </message>
    <message>
        <source>core return #{id} does not match the core lines of credit note {number}</source>
        <translation>core return #{id} does not match the core lines of credit note {number}</translation>
    </message>
    <message>
        <source>{number} is marked a comeback of {original}, which is not earlier invoiced work on the same vehicle</source>
        <translation>{number} is marked a comeback of {original}, which is not earlier invoiced work on the same vehicle</translation>
    </message>
    <message>
        <source>{number} has no-charge warranty lines but is not a comeback</source>
        <translation>{number} has no-charge warranty lines but is not a comeback</translation>
    </message>
    <message>
        <source>supplier claim #{id} is neither open nor credited</source>
        <translation>supplier claim #{id} is neither open nor credited</translation>
    </message>
    <message>
        <source>{count} merged customer(s) are not archived</source>
        <translation>{count} merged customer(s) are not archived</translation>
    </message>
    <message>
        <source>{count} customer(s) show a grade that is neither the automatic one nor an override</source>
        <translation>{count} customer(s) show a grade that is neither the automatic one nor an override</translation>
    </message>
    <message>
        <source>vehicle {id}: its owner and ownership history disagree</source>
        <translation>vehicle {id}: its owner and ownership history disagree</translation>
    </message>
    <message>
        <source>vehicle {id}: odometer {odometer} but last reading {reading}</source>
        <translation>vehicle {id}: odometer {odometer} but last reading {reading}</translation>
    </message>
    <message>
        <source>{count} customer(s) have stale search keys (e.g. number {id}): run &apos;shopdesk customers reindex&apos;</source>
        <translation>{count} customer(s) have stale search keys (e.g. number {id}): run &apos;shopdesk customers reindex&apos;</translation>
    </message>
    <message>
        <source>{count} customer(s) buy at price level {level}, which does not exist</source>
        <translation>{count} customer(s) buy at price level {level}, which does not exist</translation>
    </message>
    <message>
        <source>{count} part price(s) are at price level {level}, which does not exist</source>
        <translation>{count} part price(s) are at price level {level}, which does not exist</translation>
    </message>
    <message>
        <source>{count} manual mark(s) are at price level {level}, which does not exist</source>
        <translation>{count} manual mark(s) are at price level {level}, which does not exist</translation>
    </message>
    <message>
        <source>catalogue line {number} has no cost or pack size</source>
        <translation>catalogue line {number} has no cost or pack size</translation>
    </message>
    <message>
        <source>line #{line} of order #{order} issued more parts than it holds</source>
        <translation>line #{line} of order #{order} issued more parts than it holds</translation>
    </message>
    <message>
        <source>technician #{id} is clocked on {count} jobs at once</source>
        <translation>technician #{id} is clocked on {count} jobs at once</translation>
    </message>
    <message>
        <source>{number} is finished but a clock is still running on it</source>
        <translation>{number} is finished but a clock is still running on it</translation>
    </message>
    <message>
        <source>{number} is invoiced but was never done</source>
        <translation>{number} is invoiced but was never done</translation>
    </message>
    <message>
        <source>{number}: its status differs from the last step of its history</source>
        <translation>{number}: its status differs from the last step of its history</translation>
    </message>
    <message>
        <source>{series} numbers of {year} are not 1..{count} without gaps (from {low} to {high}, {distinct} distinct)</source>
        <extracomment>Issued documents re-computed in full with the rounding rule (the newest ones).</extracomment>
        <translation>{series} numbers of {year} are not 1..{count} without gaps (from {low} to {high}, {distinct} distinct)</translation>
    </message>
    <message>
        <source>{series} counter of {year} is at {counter} but the last issued number is {last}</source>
        <translation>{series} counter of {year} is at {counter} but the last issued number is {last}</translation>
    </message>
    <message>
        <source>{count} issued documents have no number</source>
        <translation>{count} issued documents have no number</translation>
    </message>
    <message>
        <source>{count} drafts or void documents hold a number</source>
        <translation>{count} drafts or void documents hold a number</translation>
    </message>
    <message>
        <source>{number}: cached totals differ from its lines</source>
        <translation>{number}: cached totals differ from its lines</translation>
    </message>
    <message>
        <source>{number}: totals {gross} but its lines give {lines} by the rounding rule</source>
        <translation>{number}: totals {gross} but its lines give {lines} by the rounding rule</translation>
    </message>
    <message>
        <source>{number}: paid figure differs from its payments</source>
        <translation>{number}: paid figure differs from its payments</translation>
    </message>
    <message>
        <source>{number}: paid and credited exceed its total</source>
        <translation>{number}: paid and credited exceed its total</translation>
    </message>
    <message>
        <source>{number}: credited figure differs from its credit notes</source>
        <translation>{number}: credited figure differs from its credit notes</translation>
    </message>
    <message>
        <source>{name} has negative store credit</source>
        <translation>{name} has negative store credit</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Supplier no.</source>
        <translation>Supplier no.</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>Brand</translation>
    </message>
    <message>
        <source>Cost per pack</source>
        <translation>Cost per pack</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation>Pack</translation>
    </message>
    <message>
        <source>Cost per unit</source>
        <translation>Cost per unit</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Linked part</source>
        <translation>Linked part</translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <source>City</source>
        <translation type="unfinished">City</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation type="unfinished">Vehicles</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>Blacklist</source>
        <translation>Blacklist</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>Make</source>
        <translation>Make</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished">Year</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation>Odometer</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>After</source>
        <translation>After</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last vehicle</source>
        <translation>Last vehicle</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Marketing OK</source>
        <translation>Marketing OK</translation>
    </message>
    <message>
        <source>Prefers</source>
        <translation>Prefers</translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished">Number</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation type="unfinished">Vehicle</translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished">Total</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished">SKU</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>Bin</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation type="unfinished">On hand</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserved</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Reorder at</source>
        <translation type="unfinished">Reorder at</translation>
    </message>
    <message>
        <source>Retail</source>
        <translation>Retail</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>Trade</translation>
    </message>
    <message>
        <source>Avg cost</source>
        <translation>Avg cost</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished">Supplier</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>Movement</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation type="unfinished">Unit cost</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation type="unfinished">Ordered</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Account no.</source>
        <translation>Account no.</translation>
    </message>
    <message>
        <source>Lead time (days)</source>
        <translation>Lead time (days)</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>Terms</translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished">Order</translation>
    </message>
</context>
<context>
    <name>ComebackDialog</name>
    <message>
        <source>Comeback of an earlier repair order</source>
        <translation>Comeback of an earlier repair order</translation>
    </message>
    <message>
        <source>The car came back for work done before. Choose that order (this vehicle&apos;s invoiced orders):</source>
        <translation>The car came back for work done before. Choose that order (this vehicle&apos;s invoiced orders):</translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished">Order</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished">Opened</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation type="unfinished">Invoice</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation type="unfinished">Odometer</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Concerns</translation>
    </message>
    <message>
        <source>What came back, e.g. noise again, leaking</source>
        <translation>What came back, e.g. noise again, leaking</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Why</translation>
    </message>
    <message>
        <source>This vehicle has no earlier invoiced repair order: a comeback links to work already done on it.</source>
        <translation>This vehicle has no earlier invoiced repair order: a comeback links to work already done on it.</translation>
    </message>
    <message>
        <source>Choose the earlier order</source>
        <translation>Choose the earlier order</translation>
    </message>
</context>
<context>
    <name>ComebackPanel</name>
    <message>
        <source>The car came back for earlier work: link this order to it (warranty work)</source>
        <translation>The car came back for earlier work: link this order to it (warranty work)</translation>
    </message>
    <message>
        <source>Do the selected line at no charge: its cost is booked as warranty cost (again: charge it)</source>
        <translation>Do the selected line at no charge: its cost is booked as warranty cost (again: charge it)</translation>
    </message>
    <message>
        <source>Send the selected failed part back to its supplier under warranty; tracked until credited</source>
        <translation>Send the selected failed part back to its supplier under warranty; tracked until credited</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation>{months} months</translation>
    </message>
    <message>
        <source> / {km} km</source>
        <translation> / {km} km</translation>
    </message>
    <message>
        <source>covered</source>
        <translation>covered</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>&lt;b&gt;under warranty&lt;/b&gt;</source>
        <translation>&lt;b&gt;under warranty&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;out of warranty&lt;/b&gt;</source>
        <translation>&lt;b&gt;out of warranty&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Comeback of {original} (invoiced {date}, {since} ago): {state}. {lines}</source>
        <translation>Comeback of {original} (invoiced {date}, {since} ago): {state}. {lines}</translation>
    </message>
    <message>
        <source>No charge (warranty): {lines}</source>
        <translation>No charge (warranty): {lines}</translation>
    </message>
    <message>
        <source>Marked as a comeback</source>
        <translation>Marked as a comeback</translation>
    </message>
    <message>
        <source>No charge (warranty)</source>
        <translation>No charge (warranty)</translation>
    </message>
    <message>
        <source>Comeback of…</source>
        <translation>Comeback of…</translation>
    </message>
    <message>
        <source>Failed part back…</source>
        <translation>Failed part back…</translation>
    </message>
    <message>
        <source>Charged again</source>
        <translation>Charged again</translation>
    </message>
    <message>
        <source>Select the part line of the failed part</source>
        <translation>Select the part line of the failed part</translation>
    </message>
    <message>
        <source>Failed part back to the supplier</source>
        <translation>Failed part back to the supplier</translation>
    </message>
    <message>
        <source>{description}: the supplier&apos;s credit is tracked until it arrives.</source>
        <translation>{description}: the supplier&apos;s credit is tracked until it arrives.</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation type="unfinished">&amp;Quantity</translation>
    </message>
    <message>
        <source>&amp;Expected credit (blank: its cost)</source>
        <translation>&amp;Expected credit (blank: its cost)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation type="unfinished">&amp;Note</translation>
    </message>
    <message>
        <source>Failed part sent back; credit tracked</source>
        <translation>Failed part sent back; credit tracked</translation>
    </message>
</context>
<context>
    <name>ComebacksTab</name>
    <message>
        <source>Invoiced from</source>
        <translation>Invoiced from</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">to</translation>
    </message>
    <message>
        <source>&amp;Warranty terms…</source>
        <translation>&amp;Warranty terms…</translation>
    </message>
    <message>
        <source>Comebacks</source>
        <translation>Comebacks</translation>
    </message>
    <message>
        <source>Warranty cost</source>
        <translation>Warranty cost</translation>
    </message>
    <message>
        <source>Price forgone</source>
        <translation>Price forgone</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished">Supplier</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished">Qty</translation>
    </message>
    <message>
        <source>Comeback</source>
        <translation>Comeback</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>Of</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Invoiced</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation type="unfinished">Vehicle</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished">Reason</translation>
    </message>
    <message>
        <source>The period ends before it starts</source>
        <translation>The period ends before it starts</translation>
    </message>
    <message>
        <source>Comebacks: {count} · warranty cost {cost} (parts {parts}, labour {labour}) · price not charged {forgone} · {claims} failed parts with suppliers, {expected} credit expected</source>
        <translation>Comebacks: {count} · warranty cost {cost} (parts {parts}, labour {labour}) · price not charged {forgone} · {claims} failed parts with suppliers, {expected} credit expected</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <source>Complaint from {name}</source>
        <translation>Complaint from {name}</translation>
    </message>
    <message>
        <source>&amp;Open complaint</source>
        <translation>&amp;Open complaint</translation>
    </message>
    <message>
        <source>&amp;Subject</source>
        <translation>&amp;Subject</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation type="unfinished">&amp;Details</translation>
    </message>
    <message>
        <source>&amp;Handled by</source>
        <translation>&amp;Handled by</translation>
    </message>
    <message>
        <source>e.g. RO-000123 (blank: none)</source>
        <translation>e.g. RO-000123 (blank: none)</translation>
    </message>
    <message>
        <source>&amp;Repair order no.</source>
        <translation>&amp;Repair order no.</translation>
    </message>
    <message>
        <source>e.g. RA-2026-00184 (blank: none)</source>
        <translation>e.g. RA-2026-00184 (blank: none)</translation>
    </message>
    <message>
        <source>&amp;Invoice no.</source>
        <translation>&amp;Invoice no.</translation>
    </message>
</context>
<context>
    <name>CoreReturnDialog</name>
    <message>
        <source>Core return</source>
        <translation>Core return</translation>
    </message>
    <message>
        <source>Sales with cores still out. Choose the one the old unit was sold with; its deposit is refunded.</source>
        <translation>Sales with cores still out. Choose the one the old unit was sold with; its deposit is refunded.</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Invoice</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Out</translation>
    </message>
    <message>
        <source>Deposit each</source>
        <translation>Deposit each</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>Store credit</translation>
    </message>
    <message>
        <source>&amp;Cores brought back</source>
        <translation>&amp;Cores brought back</translation>
    </message>
    <message>
        <source>&amp;Refund as</source>
        <translation type="unfinished">&amp;Refund as</translation>
    </message>
    <message>
        <source>Take core &amp;back</source>
        <translation>Take core &amp;back</translation>
    </message>
    <message>
        <source>No cores are outstanding here: a core return must match an earlier sale of the part with its deposit.</source>
        <translation>No cores are outstanding here: a core return must match an earlier sale of the part with its deposit.</translation>
    </message>
    <message>
        <source>Choose the sale the core was sold with</source>
        <translation>Choose the sale the core was sold with</translation>
    </message>
</context>
<context>
    <name>CoresTab</name>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation type="unfinished">Invoice</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Out</source>
        <translation type="unfinished">Out</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>Deposit</translation>
    </message>
    <message>
        <source>Take core &amp;back…</source>
        <translation>Take core &amp;back…</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished">SKU</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished">Supplier</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation type="unfinished">On hand</translation>
    </message>
    <message>
        <source>Deposit value</source>
        <translation>Deposit value</translation>
    </message>
    <message>
        <source>&amp;Send to supplier…</source>
        <translation>&amp;Send to supplier…</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished">Qty</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished">Reference</translation>
    </message>
    <message>
        <source>Cre&amp;dit received…</source>
        <translation>Cre&amp;dit received…</translation>
    </message>
    <message>
        <source>Cores out with customers: {count} · deposits {amount}</source>
        <translation>Cores out with customers: {count} · deposits {amount}</translation>
    </message>
    <message>
        <source>Cores on hand, waiting to go back to suppliers: {count}</source>
        <translation>Cores on hand, waiting to go back to suppliers: {count}</translation>
    </message>
    <message>
        <source>Sent back, credit not yet received: {amount}</source>
        <translation>Sent back, credit not yet received: {amount}</translation>
    </message>
    <message>
        <source>Cores</source>
        <translation>Cores</translation>
    </message>
    <message>
        <source>Warranty</source>
        <translation>Warranty</translation>
    </message>
    <message>
        <source>Send cores to {supplier}</source>
        <translation>Send cores to {supplier}</translation>
    </message>
    <message>
        <source>{sku} {name}: {count} on hand. The supplier&apos;s credit is tracked until it arrives.</source>
        <translation>{sku} {name}: {count} on hand. The supplier&apos;s credit is tracked until it arrives.</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation type="unfinished">&amp;Quantity</translation>
    </message>
    <message>
        <source>&amp;Expected credit (blank: deposit)</source>
        <translation>&amp;Expected credit (blank: deposit)</translation>
    </message>
    <message>
        <source>&amp;Reference</source>
        <translation type="unfinished">&amp;Reference</translation>
    </message>
    <message>
        <source>Credit from {supplier}</source>
        <translation>Credit from {supplier}</translation>
    </message>
    <message>
        <source>{qty} x {sku} sent back, {amount} expected.</source>
        <translation>{qty} x {sku} sent back, {amount} expected.</translation>
    </message>
    <message>
        <source>&amp;Credit received</source>
        <translation>&amp;Credit received</translation>
    </message>
    <message>
        <source>Credit note &amp;number</source>
        <translation>Credit note &amp;number</translation>
    </message>
</context>
<context>
    <name>CostPreviewDialog</name>
    <message>
        <source>Update costs from {supplier}</source>
        <translation>Update costs from {supplier}</translation>
    </message>
    <message>
        <source>{count} part cost(s) would change (cost per unit = cost per pack / pack size):</source>
        <translation>{count} part cost(s) would change (cost per unit = cost per pack / pack size):</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished">SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Supplier no.</source>
        <translation type="unfinished">Supplier no.</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation type="unfinished">Pack</translation>
    </message>
    <message>
        <source>Old cost</source>
        <translation>Old cost</translation>
    </message>
    <message>
        <source>New cost</source>
        <translation>New cost</translation>
    </message>
    <message>
        <source>Then the markup matrix reprices {count} price(s):</source>
        <translation>Then the markup matrix reprices {count} price(s):</translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished">Level</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished">Cost</translation>
    </message>
    <message>
        <source>Old price</source>
        <translation type="unfinished">Old price</translation>
    </message>
    <message>
        <source>New price</source>
        <translation type="unfinished">New price</translation>
    </message>
    <message>
        <source>Old margin</source>
        <translation type="unfinished">Old margin</translation>
    </message>
    <message>
        <source>New margin</source>
        <translation type="unfinished">New margin</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Apply</translation>
    </message>
</context>
<context>
    <name>CounterReports</name>
    <message>
        <source>Counter reports</source>
        <translation>Counter reports</translation>
    </message>
    <message>
        <source>&amp;Cores</source>
        <translation>&amp;Cores</translation>
    </message>
    <message>
        <source>&amp;Lost sales</source>
        <translation>&amp;Lost sales</translation>
    </message>
    <message>
        <source>Co&amp;mebacks</source>
        <translation>Co&amp;mebacks</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">Close</translation>
    </message>
</context>
<context>
    <name>CounterSale</name>
    <message>
        <source>Counter sale</source>
        <translation>Counter sale</translation>
    </message>
    <message>
        <source>C&amp;ustomer… (F4)</source>
        <translation>C&amp;ustomer… (F4)</translation>
    </message>
    <message>
        <source>Cas&amp;h customer</source>
        <translation>Cas&amp;h customer</translation>
    </message>
    <message>
        <source>{level} prices</source>
        <translation>{level} prices</translation>
    </message>
    <message>
        <source>Sold to:</source>
        <translation>Sold to:</translation>
    </message>
    <message>
        <source>Scan a barcode or type a part number, then Enter</source>
        <translation>Scan a barcode or type a part number, then Enter</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Re&amp;move line (Del)</source>
        <translation type="unfinished">Re&amp;move line (Del)</translation>
    </message>
    <message>
        <source>&amp;Lost sale (Ctrl+L)</source>
        <translation>&amp;Lost sale (Ctrl+L)</translation>
    </message>
    <message>
        <source>The customer asked for something we cannot sell (not stocked, out of stock, price)</source>
        <translation>The customer asked for something we cannot sell (not stocked, out of stock, price)</translation>
    </message>
    <message>
        <source>Pay by car&amp;d</source>
        <translation>Pay by car&amp;d</translation>
    </message>
    <message>
        <source>&amp;Take payment (F12)</source>
        <translation>&amp;Take payment (F12)</translation>
    </message>
    <message>
        <source>Take payment (cash)</source>
        <translation>Take payment (cash)</translation>
    </message>
    <message>
        <source>Pick the customer</source>
        <translation>Pick the customer</translation>
    </message>
    <message>
        <source>Record a lost sale (what was just scanned or typed)</source>
        <translation>Record a lost sale (what was just scanned or typed)</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Remove the selected line</translation>
    </message>
    <message>
        <source>No part with barcode or number {code!r}</source>
        <translation>No part with barcode or number {code!r}</translation>
    </message>
    <message>
        <source>{refusal} · Ctrl+L records the lost sale</source>
        <translation>{refusal} · Ctrl+L records the lost sale</translation>
    </message>
    <message>
        <source>Lost sale recorded</source>
        <translation>Lost sale recorded</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;font-size:18pt&apos;&gt;&lt;b&gt;Total {money}&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;font-size:18pt&apos;&gt;&lt;b&gt;Total {money}&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>{number}: {outcome}</source>
        <translation>{number}: {outcome}</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>Printed.</translation>
    </message>
</context>
<context>
    <name>CreditNoteDialog</name>
    <message>
        <source>Credit note for {number}</source>
        <translation>Credit note for {number}</translation>
    </message>
    <message>
        <source>Quantity to credit on each line (0 leaves it out). Parts credited go back into stock.</source>
        <translation>Quantity to credit on each line (0 leaves it out). Parts credited go back into stock.</translation>
    </message>
    <message>
        <source>At most {quantity}</source>
        <translation>At most {quantity}</translation>
    </message>
    <message>
        <source>{description} ({quantity} × {money}; {quantity2} creditable)</source>
        <translation>{description} ({quantity} × {money}; {quantity2} creditable)</translation>
    </message>
    <message>
        <source>Credit the whole invoice (everything not yet credited)</source>
        <translation>Credit the whole invoice (everything not yet credited)</translation>
    </message>
    <message>
        <source>why, e.g. wrong part, returned unused</source>
        <translation>why, e.g. wrong part, returned unused</translation>
    </message>
    <message>
        <source>Return credited parts to stock</source>
        <translation>Return credited parts to stock</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>Money already paid goes back as</source>
        <translation>Money already paid goes back as</translation>
    </message>
    <message>
        <source>Issue credit note</source>
        <translation>Issue credit note</translation>
    </message>
    <message>
        <source>Enter a quantity on at least one line, or credit the whole invoice</source>
        <translation>Enter a quantity on at least one line, or credit the whole invoice</translation>
    </message>
</context>
<context>
    <name>CreditRefundDialog</name>
    <message>
        <source>Refund store credit – {name}</source>
        <translation>Refund store credit – {name}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;Store credit: &lt;span style=&apos;font-size:16pt&apos;&gt;{money}&lt;/span&gt;</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;Store credit: &lt;span style=&apos;font-size:16pt&apos;&gt;{money}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>card slip, cheque or transfer number</source>
        <translation>card slip, cheque or transfer number</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>&amp;Amount</translation>
    </message>
    <message>
        <source>Refund a&amp;s</source>
        <translation>Refund a&amp;s</translation>
    </message>
    <message>
        <source>Re&amp;ference</source>
        <translation>Re&amp;ference</translation>
    </message>
    <message>
        <source>&amp;Refund</source>
        <translation>&amp;Refund</translation>
    </message>
</context>
<context>
    <name>CustomerFileView</name>
    <message>
        <source>Plate</source>
        <translation type="unfinished">Plate</translation>
    </message>
    <message>
        <source>Make</source>
        <translation type="unfinished">Make</translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished">Model</translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished">Year</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation type="unfinished">VIN</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation type="unfinished">Odometer</translation>
    </message>
    <message>
        <source>Fuel</source>
        <translation type="unfinished">Fuel</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished">Colour</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation type="unfinished">Flags</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished">Order</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation type="unfinished">Vehicle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished">Total</translation>
    </message>
    <message>
        <source>Concern / note</source>
        <translation type="unfinished">Concern / note</translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished">Number</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">Type</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished">Paid</translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished">Due</translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished">Note</translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished">When</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation type="unfinished">What was said</translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished">By</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation type="unfinished">Follow-up</translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished">Done</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation type="unfinished">Asked</translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished">Question</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished">Answer</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished">Opened</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished">Subject</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation type="unfinished">Handled by</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished">Resolution</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished">Satisfaction</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished">Quality</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished">Speed</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation type="unfinished">Staff</translation>
    </message>
    <message>
        <source>Recommend</source>
        <translation type="unfinished">Recommend</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished">Comment</translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished">Service</translation>
    </message>
    <message>
        <source>At km</source>
        <translation type="unfinished">At km</translation>
    </message>
    <message>
        <source>Last done</source>
        <translation type="unfinished">Last done</translation>
    </message>
    <message>
        <source>← Customers</source>
        <extracomment>what a customer&apos;s file shows: a change to any of it reloads the file (when it next shows)</extracomment>
        <translation>← Customers</translation>
    </message>
    <message>
        <source>Back to the list (Esc)</source>
        <translation>Back to the list (Esc)</translation>
    </message>
    <message>
        <source>&amp;Log contact</source>
        <translation>&amp;Log contact</translation>
    </message>
    <message>
        <source>Log a call, visit, message or e-mail (Ctrl+L)</source>
        <translation>Log a call, visit, message or e-mail (Ctrl+L)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>Edit the customer&apos;s details (Ctrl+E)</source>
        <translation>Edit the customer&apos;s details (Ctrl+E)</translation>
    </message>
    <message>
        <source>Set &amp;grade…</source>
        <translation>Set &amp;grade…</translation>
    </message>
    <message>
        <source>&amp;Tags…</source>
        <translation>&amp;Tags…</translation>
    </message>
    <message>
        <source>&amp;Blacklist / clear…</source>
        <translation>&amp;Blacklist / clear…</translation>
    </message>
    <message>
        <source>&amp;Merge into another customer…</source>
        <translation>&amp;Merge into another customer…</translation>
    </message>
    <message>
        <source>&amp;Archive / restore</source>
        <translation>&amp;Archive / restore</translation>
    </message>
    <message>
        <source>&amp;Core return…</source>
        <translation>&amp;Core return…</translation>
    </message>
    <message>
        <source>&amp;Book appointment</source>
        <translation>&amp;Book appointment</translation>
    </message>
    <message>
        <source>Ne&amp;w repair order</source>
        <translation>Ne&amp;w repair order</translation>
    </message>
    <message>
        <source>Log a call, visit or message</source>
        <translation>Log a call, visit or message</translation>
    </message>
    <message>
        <source>Edit the customer&apos;s details</source>
        <translation>Edit the customer&apos;s details</translation>
    </message>
    <message>
        <source>Book an appointment for the selected car</source>
        <translation>Book an appointment for the selected car</translation>
    </message>
    <message>
        <source>New repair order for the selected car</source>
        <translation>New repair order for the selected car</translation>
    </message>
    <message>
        <source>Print the customer&apos;s statement (this month and the three before)</source>
        <translation>Print the customer&apos;s statement (this month and the three before)</translation>
    </message>
    <message>
        <source>Last visit:</source>
        <translation>Last visit:</translation>
    </message>
    <message>
        <source>Visits, last 12 months:</source>
        <translation>Visits, last 12 months:</translation>
    </message>
    <message>
        <source>Balance owed:</source>
        <translation>Balance owed:</translation>
    </message>
    <message>
        <source>Open items:</source>
        <translation>Open items:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Company tax ID:</source>
        <translation>Company tax ID:</translation>
    </message>
    <message>
        <source>Payment terms:</source>
        <translation>Payment terms:</translation>
    </message>
    <message>
        <source>Price level:</source>
        <translation type="unfinished">Price level:</translation>
    </message>
    <message>
        <source>Contact by:</source>
        <translation>Contact by:</translation>
    </message>
    <message>
        <source>Marketing:</source>
        <translation>Marketing:</translation>
    </message>
    <message>
        <source>Grade:</source>
        <translation>Grade:</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <source>Customer since:</source>
        <translation>Customer since:</translation>
    </message>
    <message>
        <source>No vehicles</source>
        <translation type="unfinished">No vehicles</translation>
    </message>
    <message>
        <source>Add the customer&apos;s car with Add vehicle.</source>
        <translation type="unfinished">Add the customer&apos;s car with Add vehicle.</translation>
    </message>
    <message>
        <source>Add vehicle</source>
        <translation type="unfinished">Add vehicle</translation>
    </message>
    <message>
        <source>Odometer…</source>
        <translation type="unfinished">Odometer…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation type="unfinished">Transfer…</translation>
    </message>
    <message>
        <source>History…</source>
        <translation type="unfinished">History…</translation>
    </message>
    <message>
        <source>Book…</source>
        <translation type="unfinished">Book…</translation>
    </message>
    <message>
        <source>Repair order…</source>
        <translation type="unfinished">Repair order…</translation>
    </message>
    <message>
        <source>&amp;Vehicles</source>
        <translation type="unfinished">&amp;Vehicles</translation>
    </message>
    <message>
        <source>No visits yet</source>
        <translation type="unfinished">No visits yet</translation>
    </message>
    <message>
        <source>Repair orders and logged visits appear here: New repair order (Ctrl+R) checks the car in.</source>
        <translation type="unfinished">Repair orders and logged visits appear here: New repair order (Ctrl+R) checks the car in.</translation>
    </message>
    <message>
        <source>Open order (Enter)</source>
        <translation>Open order (Enter)</translation>
    </message>
    <message>
        <source>Open invoice (Enter)</source>
        <translation>Open invoice (Enter)</translation>
    </message>
    <message>
        <source>Take payment (F12)</source>
        <translation>Take payment (F12)</translation>
    </message>
    <message>
        <source>The selected invoice, or the oldest unpaid one; other open invoices can be ticked too</source>
        <translation>The selected invoice, or the oldest unpaid one; other open invoices can be ticked too</translation>
    </message>
    <message>
        <source>S&amp;tatement…</source>
        <translation>S&amp;tatement…</translation>
    </message>
    <message>
        <source>Open &amp;complaint…</source>
        <translation>Open &amp;complaint…</translation>
    </message>
    <message>
        <source>Start wor&amp;k</source>
        <translation>Start wor&amp;k</translation>
    </message>
    <message>
        <source>Warrant&amp;y repair order…</source>
        <translation>Warrant&amp;y repair order…</translation>
    </message>
    <message>
        <source>The car came back for the work the complaint is about: a repair order that redoes it at no charge (its cost booked as warranty cost)</source>
        <translation>The car came back for the work the complaint is about: a repair order that redoes it at no charge (its cost booked as warranty cost)</translation>
    </message>
    <message>
        <source>Re&amp;solve…</source>
        <translation>Re&amp;solve…</translation>
    </message>
    <message>
        <source>Visits &amp;&amp; repair &amp;orders</source>
        <translation type="unfinished">Visits &amp;&amp; repair &amp;orders</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation type="unfinished">&amp;More</translation>
    </message>
    <message>
        <source>Det&amp;ails</source>
        <translation>Det&amp;ails</translation>
    </message>
    <message>
        <source>Edi&amp;t</source>
        <translation>Edi&amp;t</translation>
    </message>
    <message>
        <source>No invoices</source>
        <translation type="unfinished">No invoices</translation>
    </message>
    <message>
        <source>Invoices and credit notes for this customer appear here.</source>
        <translation type="unfinished">Invoices and credit notes for this customer appear here.</translation>
    </message>
    <message>
        <source>The statement for a period you choose, to preview, print or save; Ctrl+P anywhere in the file prints it at once</source>
        <translation>The statement for a period you choose, to preview, print or save; Ctrl+P anywhere in the file prints it at once</translation>
    </message>
    <message>
        <source>Refund store credit…</source>
        <translation type="unfinished">Refund store credit…</translation>
    </message>
    <message>
        <source>&amp;Invoices</source>
        <translation type="unfinished">&amp;Invoices</translation>
    </message>
    <message>
        <source>No contacts logged</source>
        <translation type="unfinished">No contacts logged</translation>
    </message>
    <message>
        <source>Log calls, visits and messages with Log contact (Ctrl+L).</source>
        <translation type="unfinished">Log calls, visits and messages with Log contact (Ctrl+L).</translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation type="unfinished">Log contact</translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation type="unfinished">Follow-up done</translation>
    </message>
    <message>
        <source>I&amp;nteractions</source>
        <translation type="unfinished">I&amp;nteractions</translation>
    </message>
    <message>
        <source>No inquiries</source>
        <translation type="unfinished">No inquiries</translation>
    </message>
    <message>
        <source>Questions the customer asked, with the answers given.</source>
        <translation type="unfinished">Questions the customer asked, with the answers given.</translation>
    </message>
    <message>
        <source>New inquiry</source>
        <translation type="unfinished">New inquiry</translation>
    </message>
    <message>
        <source>Knowledge base…</source>
        <translation type="unfinished">Knowledge base…</translation>
    </message>
    <message>
        <source>In&amp;quiries</source>
        <translation type="unfinished">In&amp;quiries</translation>
    </message>
    <message>
        <source>No complaints</source>
        <translation type="unfinished">No complaints</translation>
    </message>
    <message>
        <source>Nothing to put right.</source>
        <translation type="unfinished">Nothing to put right.</translation>
    </message>
    <message>
        <source>Com&amp;plaints</source>
        <translation>Com&amp;plaints</translation>
    </message>
    <message>
        <source>No surveys</source>
        <translation type="unfinished">No surveys</translation>
    </message>
    <message>
        <source>Record a survey during the follow-up call after a job.</source>
        <translation type="unfinished">Record a survey during the follow-up call after a job.</translation>
    </message>
    <message>
        <source>Record survey</source>
        <translation type="unfinished">Record survey</translation>
    </message>
    <message>
        <source>Statistics…</source>
        <translation type="unfinished">Statistics…</translation>
    </message>
    <message>
        <source>S&amp;urveys</source>
        <translation type="unfinished">S&amp;urveys</translation>
    </message>
    <message>
        <source>No services due</source>
        <translation type="unfinished">No services due</translation>
    </message>
    <message>
        <source>No maintenance package fits the customer&apos;s vehicles yet (packages are set up under Repair orders).</source>
        <translation type="unfinished">No maintenance package fits the customer&apos;s vehicles yet (packages are set up under Repair orders).</translation>
    </message>
    <message>
        <source>&amp;Reminders</source>
        <translation>&amp;Reminders</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation>(archived)</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>mobile</translation>
    </message>
    <message>
        <source>home</source>
        <translation>home</translation>
    </message>
    <message>
        <source>work</source>
        <translation>work</translation>
    </message>
    <message>
        <source>&amp;Vehicles ({count})</source>
        <translation>&amp;Vehicles ({count})</translation>
    </message>
    <message>
        <source>Visits &amp;&amp; repair &amp;orders ({count})</source>
        <translation>Visits &amp;&amp; repair &amp;orders ({count})</translation>
    </message>
    <message>
        <source>&amp;Invoices ({amount} due)</source>
        <translation>&amp;Invoices ({amount} due)</translation>
    </message>
    <message>
        <source>&amp;Invoices ({count})</source>
        <translation>&amp;Invoices ({count})</translation>
    </message>
    <message>
        <source>&amp;Reminders ({count} overdue)</source>
        <translation>&amp;Reminders ({count} overdue)</translation>
    </message>
    <message>
        <source>&amp;Reminders ({count})</source>
        <translation>&amp;Reminders ({count})</translation>
    </message>
    <message>
        <source>I&amp;nteractions ({count})</source>
        <translation>I&amp;nteractions ({count})</translation>
    </message>
    <message>
        <source>Com&amp;plaints ({count} open)</source>
        <translation>Com&amp;plaints ({count} open)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>(store credit {amount})</source>
        <translation>(store credit {amount})</translation>
    </message>
    <message>
        <source>{count} follow-up(s), next {date}</source>
        <translation>{count} follow-up(s), next {date}</translation>
    </message>
    <message>
        <source>{count} open complaint(s)</source>
        <translation>{count} open complaint(s)</translation>
    </message>
    <message>
        <source>nothing open</source>
        <translation>nothing open</translation>
    </message>
    <message>
        <source>Shop default</source>
        <translation>Shop default</translation>
    </message>
    <message>
        <source>{payment_terms_days} days</source>
        <translation>{payment_terms_days} days</translation>
    </message>
    <message>
        <source>Agrees to offers and reminders</source>
        <translation>Agrees to offers and reminders</translation>
    </message>
    <message>
        <source>No offers</source>
        <translation>No offers</translation>
    </message>
    <message>
        <source>{grade} — set by hand: {grade_override_reason}</source>
        <translation>{grade} — set by hand: {grade_override_reason}</translation>
    </message>
    <message>
        <source>{grade} (automatic, from spend and visits in the last 12 months)</source>
        <translation>{grade} (automatic, from spend and visits in the last 12 months)</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation type="unfinished">overdue</translation>
    </message>
    <message>
        <source>this month</source>
        <translation type="unfinished">this month</translation>
    </message>
    <message>
        <source>next month</source>
        <translation type="unfinished">next month</translation>
    </message>
    <message>
        <source>later</source>
        <translation type="unfinished">later</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>archived</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>visit</translation>
    </message>
    <message>
        <source>corrects {number}</source>
        <translation>corrects {number}</translation>
    </message>
    <message>
        <source>{amount} credited</source>
        <translation>{amount} credited</translation>
    </message>
    <message>
        <source>Balance owed: {amount}</source>
        <translation>Balance owed: {amount}</translation>
    </message>
    <message>
        <source>Store credit: {amount}</source>
        <translation>Store credit: {amount}</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>answered</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>Open a customer&apos;s file first</source>
        <translation>Open a customer&apos;s file first</translation>
    </message>
    <message>
        <source>{name} owes nothing: no invoice is waiting for payment</source>
        <translation>{name} owes nothing: no invoice is waiting for payment</translation>
    </message>
    <message>
        <source>The selected invoice is a draft: open it (Enter) to issue it and take payment</source>
        <translation>The selected invoice is a draft: open it (Enter) to issue it and take payment</translation>
    </message>
    <message>
        <source>Statement printed: {start} – {end}</source>
        <translation>Statement printed: {start} – {end}</translation>
    </message>
    <message>
        <source>Booked for {when}: it shows at the front desk</source>
        <translation>Booked for {when}: it shows at the front desk</translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <source>&amp;First name</source>
        <translation>&amp;First name</translation>
    </message>
    <message>
        <source>&amp;Last name</source>
        <translation>&amp;Last name</translation>
    </message>
    <message>
        <source>Compan&amp;y</source>
        <translation>Compan&amp;y</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation type="unfinished">&amp;Phone</translation>
    </message>
    <message>
        <source>e.g. {phone}</source>
        <translation>e.g. {phone}</translation>
    </message>
    <message>
        <source>Second phone</source>
        <translation>Second phone</translation>
    </message>
    <message>
        <source>+ Add a phone</source>
        <translation>+ Add a phone</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation type="unfinished">E-&amp;mail</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>City</source>
        <translation type="unfinished">City</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Company tax ID</source>
        <translation>Company tax ID</translation>
    </message>
    <message>
        <source>Shop default</source>
        <translation>Shop default</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>Payment terms</translation>
    </message>
    <message>
        <source>Contact by</source>
        <translation>Contact by</translation>
    </message>
    <message>
        <source>Pri&amp;ce level</source>
        <translation>Pri&amp;ce level</translation>
    </message>
    <message>
        <source>Agrees to offers and reminders</source>
        <translation>Agrees to offers and reminders</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished">Remove</translation>
    </message>
    <message>
        <source>Remove this phone</source>
        <translation>Remove this phone</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <source>required</source>
        <translation>required</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>contact person</source>
        <translation>contact person</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>type a name, phone or plate, then Enter</source>
        <translation>type a name, phone or plate, then Enter</translation>
    </message>
    <message>
        <source>Pick a customer</source>
        <translation>Pick a customer</translation>
    </message>
    <message>
        <source>Name, phone, plate or VIN</source>
        <translation>Name, phone, plate or VIN</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>City</source>
        <translation>City</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>Enter picks the highlighted customer.</source>
        <translation>Enter picks the highlighted customer.</translation>
    </message>
</context>
<context>
    <name>CustomersScreen</name>
    <message>
        <source>My follow-&amp;ups</source>
        <extracomment>what the lists show (customers, their cars and last visits, complaints, the lapsed): a change to any of it refreshes them (when they next show)</extracomment>
        <translation>My follow-&amp;ups</translation>
    </message>
    <message>
        <source>New check-in: a new customer and their car</source>
        <translation>New check-in: a new customer and their car</translation>
    </message>
    <message>
        <source>Find: name, company, phone digits, e-mail, plate, VIN (last 6)…</source>
        <translation>Find: name, company, phone digits, e-mail, plate, VIN (last 6)…</translation>
    </message>
    <message>
        <source>All grades</source>
        <translation>All grades</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>&amp;New check-in</source>
        <translation>&amp;New check-in</translation>
    </message>
    <message>
        <source>A new customer and their car in one form (Ctrl+N)</source>
        <translation>A new customer and their car in one form (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>Bring in customers or vehicles from a spreadsheet (.xlsx or .csv)</source>
        <translation>Bring in customers or vehicles from a spreadsheet (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>&amp;Grades…</source>
        <translation>&amp;Grades…</translation>
    </message>
    <message>
        <source>Set the spend and visit thresholds of each grade (owner)</source>
        <translation>Set the spend and visit thresholds of each grade (owner)</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished">Customers</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>&amp;Customers</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>All tags</translation>
    </message>
    <message>
        <source>{count:,} found for “{text}”{more}</source>
        <translation>{count:,} found for “{text}”{more}</translation>
    </message>
    <message>
        <source>Nobody matches “{text}”. Press Ctrl+N to check in a new customer.</source>
        <translation>Nobody matches “{text}”. Press Ctrl+N to check in a new customer.</translation>
    </message>
    <message>
        <source>No customers yet: press Ctrl+N (New check-in) to add a customer and their car, or bring a list in with File → Import spreadsheet…</source>
        <translation>No customers yet: press Ctrl+N (New check-in) to add a customer and their car, or bring a list in with File → Import spreadsheet…</translation>
    </message>
    <message>
        <source>{count:,} customers</source>
        <translation>{count:,} customers</translation>
    </message>
    <message>
        <source>Nobody matches “{text}”</source>
        <translation>Nobody matches “{text}”</translation>
    </message>
    <message>
        <source>Try a phone number, a plate or the last 6 of the VIN, or press Ctrl+N to check in a new customer.</source>
        <translation>Try a phone number, a plate or the last 6 of the VIN, or press Ctrl+N to check in a new customer.</translation>
    </message>
    <message>
        <source>No customer in this selection</source>
        <translation>No customer in this selection</translation>
    </message>
    <message>
        <source>Choose All grades and All tags above to see everyone.</source>
        <translation>Choose All grades and All tags above to see everyone.</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation type="unfinished">No customers yet</translation>
    </message>
    <message>
        <source>Press Ctrl+N (New check-in) to add a customer and their car, or bring a list in with File → Import spreadsheet…</source>
        <translation>Press Ctrl+N (New check-in) to add a customer and their car, or bring a list in with File → Import spreadsheet…</translation>
    </message>
    <message>
        <source>Show resolved too</source>
        <translation>Show resolved too</translation>
    </message>
    <message>
        <source>No complaints to follow up</source>
        <translation>No complaints to follow up</translation>
    </message>
    <message>
        <source>Complaints are logged on the customer&apos;s file (Complaints tab → Open complaint) and followed here until resolved.</source>
        <translation>Complaints are logged on the customer&apos;s file (Complaints tab → Open complaint) and followed here until resolved.</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>Com&amp;plaints</source>
        <translation>Com&amp;plaints</translation>
    </message>
    <message>
        <source>No visit for</source>
        <translation>No visit for</translation>
    </message>
    <message>
        <source> months</source>
        <translation> months</translation>
    </message>
    <message>
        <source>E&amp;xport for outreach…</source>
        <translation>E&amp;xport for outreach…</translation>
    </message>
    <message>
        <source>Export the lapsed customers for outreach</source>
        <translation>Export the lapsed customers for outreach</translation>
    </message>
    <message>
        <source>No lapsed customers</source>
        <translation>No lapsed customers</translation>
    </message>
    <message>
        <source>Customers who have not been back for the months chosen above show here, to call or send an offer.</source>
        <translation>Customers who have not been back for the months chosen above show here, to call or send an offer.</translation>
    </message>
    <message>
        <source>&amp;Lapsed customers</source>
        <translation>&amp;Lapsed customers</translation>
    </message>
    <message>
        <source>Export lapsed customers</source>
        <translation>Export lapsed customers</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Lapsed customers</source>
        <translation>Lapsed customers</translation>
    </message>
    <message>
        <source>Exporting lapsed customers</source>
        <translation>Exporting lapsed customers</translation>
    </message>
    <message>
        <source>{customers} written to {path}</source>
        <translation>{customers} written to {path}</translation>
    </message>
    <message>
        <source>Open the customer&apos;s file first (Enter on the list), then F12</source>
        <translation>Open the customer&apos;s file first (Enter on the list), then F12</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>SQLite file {path}</source>
        <extracomment>Pragmas for every SQLite connection. ``synchronous=full`` because a committed invoice must survive a power cut; WAL keeps readers (lists, reports) from blocking the writer.</extracomment>
        <translation>SQLite file {path}</translation>
    </message>
    <message>
        <source>PostgreSQL database {name} on {host}</source>
        <translation>PostgreSQL database {name} on {host}</translation>
    </message>
</context>
<context>
    <name>DemoMarking</name>
    <message>
        <source>DEMO SHOP — practice data</source>
        <translation>DEMO SHOP — practice data</translation>
    </message>
</context>
<context>
    <name>DeskMenu</name>
    <message>
        <source>Nothing to pay here: open an invoice, a customer&apos;s file or a repair order, then F12</source>
        <translation>Nothing to pay here: open an invoice, a customer&apos;s file or a repair order, then F12</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>&amp;Desk</translation>
    </message>
    <message>
        <source>&amp;Find customer, phone, plate or VIN</source>
        <translation>&amp;Find customer, phone, plate or VIN</translation>
    </message>
    <message>
        <source>New &amp;check-in (customer and car)…</source>
        <translation>New &amp;check-in (customer and car)…</translation>
    </message>
    <message>
        <source>&amp;Walk-in: repair order by plate…</source>
        <translation>&amp;Walk-in: repair order by plate…</translation>
    </message>
    <message>
        <source>&amp;Book appointment…</source>
        <translation>&amp;Book appointment…</translation>
    </message>
    <message>
        <source>Counter &amp;sale…</source>
        <translation>Counter &amp;sale…</translation>
    </message>
    <message>
        <source>Take &amp;payment</source>
        <translation>Take &amp;payment</translation>
    </message>
</context>
<context>
    <name>DraftLinesDialog</name>
    <message>
        <source>Edit lines – draft for {customer}</source>
        <translation>Edit lines – draft for {customer}</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished">Kind</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>Qty / h</source>
        <translation type="unfinished">Qty / h</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished">Unit price</translation>
    </message>
    <message>
        <source>Disc. %</source>
        <translation type="unfinished">Disc. %</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished">Amount</translation>
    </message>
    <message>
        <source>Selected line</source>
        <translation>Selected line</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>A&amp;pply</translation>
    </message>
    <message>
        <source>Re&amp;move line (Del)</source>
        <translation>Re&amp;move line (Del)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Description</translation>
    </message>
    <message>
        <source>&amp;Qty / h</source>
        <translation>&amp;Qty / h</translation>
    </message>
    <message>
        <source>&amp;Unit price</source>
        <translation>&amp;Unit price</translation>
    </message>
    <message>
        <source>Dis&amp;c. %</source>
        <translation>Dis&amp;c. %</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>New line</translation>
    </message>
    <message>
        <source>Part no. / barcode</source>
        <translation type="unfinished">Part no. / barcode</translation>
    </message>
    <message>
        <source>Qty / hours</source>
        <translation type="unfinished">Qty / hours</translation>
    </message>
    <message>
        <source>Price (blank: the part&apos;s)</source>
        <translation>Price (blank: the part&apos;s)</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation type="unfinished">&amp;Add line</translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished">Done</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation type="unfinished">Remove the selected line</translation>
    </message>
    <message>
        <source>Net {net} · tax {tax} · &lt;b&gt;total {total}&lt;/b&gt;</source>
        <translation>Net {net} · tax {tax} · &lt;b&gt;total {total}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No part has the number or barcode {code}</source>
        <translation>No part has the number or barcode {code}</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>{value} is not an amount of money</source>
        <extracomment>methods whose overpayment is kept as store credit (money that has arrived anyway)</extracomment>
        <translation>{value} is not an amount of money</translation>
    </message>
    <message>
        <source>The discount {value} is not a number</source>
        <translation>The discount {value} is not a number</translation>
    </message>
    <message>
        <source>Not a number</source>
        <translation>Not a number</translation>
    </message>
    <message>
        <source>A discount must be between 0 and 100%, not {percent}%</source>
        <translation>A discount must be between 0 and 100%, not {percent}%</translation>
    </message>
    <message>
        <source>0 to 100%</source>
        <translation>0 to 100%</translation>
    </message>
    <message>
        <source>That customer no longer exists</source>
        <translation>That customer no longer exists</translation>
    </message>
    <message>
        <source>{customer} is archived; restore the customer first</source>
        <translation>{customer} is archived; restore the customer first</translation>
    </message>
    <message>
        <source>That vehicle no longer exists</source>
        <translation>That vehicle no longer exists</translation>
    </message>
    <message>
        <source>An appointment lasts from 5 minutes to a working week</source>
        <translation>An appointment lasts from 5 minutes to a working week</translation>
    </message>
    <message>
        <source>5 minutes or more</source>
        <translation>5 minutes or more</translation>
    </message>
    <message>
        <source>That vehicle belongs to another customer</source>
        <translation>That vehicle belongs to another customer</translation>
    </message>
    <message>
        <source>Choose a member of staff as technician</source>
        <translation>Choose a member of staff as technician</translation>
    </message>
    <message>
        <source>Say which car the service is booked for</source>
        <translation>Say which car the service is booked for</translation>
    </message>
    <message>
        <source>{bay} is already booked {start}–{end} ({customer}): choose another time or bay</source>
        <translation>{bay} is already booked {start}–{end} ({customer}): choose another time or bay</translation>
    </message>
    <message>
        <source>Already booked</source>
        <translation>Already booked</translation>
    </message>
    <message>
        <source>That technician is already booked {start}–{end} ({customer}): choose another time or technician</source>
        <translation>That technician is already booked {start}–{end} ({customer}): choose another time or technician</translation>
    </message>
    <message>
        <source>This appointment is already {status}</source>
        <translation>This appointment is already {status}</translation>
    </message>
    <message>
        <source>This appointment is {status}</source>
        <translation>This appointment is {status}</translation>
    </message>
    <message>
        <source>Say which vehicle came in before checking in</source>
        <translation>Say which vehicle came in before checking in</translation>
    </message>
    <message>
        <source>Not this customer&apos;s</source>
        <translation>Not this customer&apos;s</translation>
    </message>
    <message>
        <source>{number} is issued: it cannot be changed; issue a credit note to correct it</source>
        <translation>{number} is issued: it cannot be changed; issue a credit note to correct it</translation>
    </message>
    <message>
        <source>Unknown line kind {kind}</source>
        <translation>Unknown line kind {kind}</translation>
    </message>
    <message>
        <source>Quantity {value} is not a number (up to 3 decimals)</source>
        <translation>Quantity {value} is not a number (up to 3 decimals)</translation>
    </message>
    <message>
        <source>The quantity must be more than zero (returns are credit notes)</source>
        <translation>The quantity must be more than zero (returns are credit notes)</translation>
    </message>
    <message>
        <source>That part no longer exists</source>
        <translation>That part no longer exists</translation>
    </message>
    <message>
        <source>Give the line a unit price</source>
        <translation>Give the line a unit price</translation>
    </message>
    <message>
        <source>Type the plate</source>
        <translation>Type the plate</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>Needed</translation>
    </message>
    <message>
        <source>No vehicle on file has the plate {plate}: add it on the customer&apos;s file first</source>
        <translation>No vehicle on file has the plate {plate}: add it on the customer&apos;s file first</translation>
    </message>
    <message>
        <source>Not on file</source>
        <translation>Not on file</translation>
    </message>
    <message>
        <source>Type the plate of the car to book</source>
        <translation>Type the plate of the car to book</translation>
    </message>
    <message>
        <source>The odometer reading &apos;{text}&apos; is not a whole number</source>
        <translation>The odometer reading &apos;{text}&apos; is not a whole number</translation>
    </message>
    <message>
        <source>Unit price {value} is not an amount of money</source>
        <translation>Unit price {value} is not an amount of money</translation>
    </message>
    <message>
        <source>A whole number, like 12</source>
        <translation>A whole number, like 12</translation>
    </message>
    <message>
        <source>A whole number</source>
        <translation>A whole number</translation>
    </message>
    <message>
        <source>The package price is an amount of money, or empty for the sum of the lines</source>
        <translation>The package price is an amount of money, or empty for the sum of the lines</translation>
    </message>
    <message>
        <source>Not an amount</source>
        <translation>Not an amount</translation>
    </message>
    <message>
        <source>A unit price cannot be negative</source>
        <translation>A unit price cannot be negative</translation>
    </message>
    <message>
        <source>Not negative</source>
        <translation>Not negative</translation>
    </message>
    <message>
        <source>There is no tax rate {code}</source>
        <translation>There is no tax rate {code}</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Describe the line</source>
        <translation>Describe the line</translation>
    </message>
    <message>
        <source>The odometer reading must be a whole number, 0 or more</source>
        <translation>The odometer reading must be a whole number, 0 or more</translation>
    </message>
    <message>
        <source>Whole number</source>
        <translation>Whole number</translation>
    </message>
    <message>
        <source>An invoice holds at most {count} lines</source>
        <translation>An invoice holds at most {count} lines</translation>
    </message>
    <message>
        <source>Core deposits follow their part; sell the part instead</source>
        <translation>Core deposits follow their part; sell the part instead</translation>
    </message>
    <message>
        <source>Cannot change {what}</source>
        <translation>Cannot change {what}</translation>
    </message>
    <message>
        <source>That invoice line no longer exists</source>
        <translation>That invoice line no longer exists</translation>
    </message>
    <message>
        <source>The core deposit follows its part: change or remove the part line and the core line follows</source>
        <translation>The core deposit follows its part: change or remove the part line and the core line follows</translation>
    </message>
    <message>
        <source>The invoice has no lines; add a part or labour first</source>
        <translation>The invoice has no lines; add a part or labour first</translation>
    </message>
    <message>
        <source>Line {position} ({description}) has no quantity; correct it before issuing</source>
        <translation>Line {position} ({description}) has no quantity; correct it before issuing</translation>
    </message>
    <message>
        <source>{number} is issued: it cannot be deleted; issue a credit note to correct it</source>
        <translation>{number} is issued: it cannot be deleted; issue a credit note to correct it</translation>
    </message>
    <message>
        <source>The cash handed over must be more than zero</source>
        <translation>The cash handed over must be more than zero</translation>
    </message>
    <message>
        <source>More than zero</source>
        <translation>More than zero</translation>
    </message>
    <message>
        <source>The amount must be more than zero</source>
        <translation>The amount must be more than zero</translation>
    </message>
    <message>
        <source>Unknown payment method {method}</source>
        <translation>Unknown payment method {method}</translation>
    </message>
    <message>
        <source>Cash, card, bank transfer, cheque or store credit</source>
        <translation>Cash, card, bank transfer, cheque or store credit</translation>
    </message>
    <message>
        <source>A credit note is not paid; refund it instead</source>
        <translation>A credit note is not paid; refund it instead</translation>
    </message>
    <message>
        <source>This invoice is still a draft: issue it before taking payment</source>
        <translation>This invoice is still a draft: issue it before taking payment</translation>
    </message>
    <message>
        <source>This invoice is void: only an issued invoice can be paid</source>
        <translation>This invoice is void: only an issued invoice can be paid</translation>
    </message>
    <message>
        <source>{number} is already paid in full</source>
        <translation>{number} is already paid in full</translation>
    </message>
    <message>
        <source>That invoice no longer exists</source>
        <translation>That invoice no longer exists</translation>
    </message>
    <message>
        <source>One payment pays invoices of one customer only</source>
        <translation>One payment pays invoices of one customer only</translation>
    </message>
    <message>
        <source>Say how the customer pays</source>
        <translation>Say how the customer pays</translation>
    </message>
    <message>
        <source>Take cash once: add the notes together</source>
        <translation>Take cash once: add the notes together</translation>
    </message>
    <message>
        <source>Choose the invoices to pay</source>
        <translation>Choose the invoices to pay</translation>
    </message>
    <message>
        <source>Nothing is left to pay in cash</source>
        <translation>Nothing is left to pay in cash</translation>
    </message>
    <message>
        <source>{tendered} handed over is less than {amount}</source>
        <translation>{tendered} handed over is less than {amount}</translation>
    </message>
    <message>
        <source>Less than the amount</source>
        <translation>Less than the amount</translation>
    </message>
    <message>
        <source>A card payment cannot be more than the {due} due; cash above it is given back as change</source>
        <translation>A card payment cannot be more than the {due} due; cash above it is given back as change</translation>
    </message>
    <message>
        <source>At most {due}</source>
        <translation>At most {due}</translation>
    </message>
    <message>
        <source>Only {due} is due</source>
        <translation>Only {due} is due</translation>
    </message>
    <message>
        <source>Only {due} is due; a cash customer cannot overpay (there is no account to hold the credit)</source>
        <translation>Only {due} is due; a cash customer cannot overpay (there is no account to hold the credit)</translation>
    </message>
    <message>
        <source>{customer} has {available} store credit, less than {amount}</source>
        <translation>{customer} has {available} store credit, less than {amount}</translation>
    </message>
    <message>
        <source>At most {available}</source>
        <translation>At most {available}</translation>
    </message>
    <message>
        <source>A {role} cannot {action}; ask the owner.</source>
        <translation>A {role} cannot {action}; ask the owner.</translation>
    </message>
    <message>
        <source>{number} is {status}: finish the job before invoicing it</source>
        <translation>{number} is {status}: finish the job before invoicing it</translation>
    </message>
    <message>
        <source>{number} has no approved work to invoice</source>
        <translation>{number} has no approved work to invoice</translation>
    </message>
    <message>
        <source>No customer matches &apos;{text}&apos;</source>
        <translation>No customer matches &apos;{text}&apos;</translation>
    </message>
    <message>
        <source>{count} customers match &apos;{text}&apos;: be more precise (the whole name, more digits of the phone, or the customer number as #N)</source>
        <translation>{count} customers match &apos;{text}&apos;: be more precise (the whole name, more digits of the phone, or the customer number as #N)</translation>
    </message>
    <message>
        <source>No vehicle has the plate or VIN &apos;{text}&apos;</source>
        <translation>No vehicle has the plate or VIN &apos;{text}&apos;</translation>
    </message>
    <message>
        <source>{count} vehicles match &apos;{text}&apos;: give the whole plate or more of the VIN</source>
        <translation>{count} vehicles match &apos;{text}&apos;: give the whole plate or more of the VIN</translation>
    </message>
    <message>
        <source>Give the complaint a subject</source>
        <translation>Give the complaint a subject</translation>
    </message>
    <message>
        <source>What it is about</source>
        <translation>What it is about</translation>
    </message>
    <message>
        <source>There is no invoice numbered &apos;{number}&apos;</source>
        <translation>There is no invoice numbered &apos;{number}&apos;</translation>
    </message>
    <message>
        <source>No invoice has this number</source>
        <translation>No invoice has this number</translation>
    </message>
    <message>
        <source>There is no repair order &apos;{number}&apos;</source>
        <translation>There is no repair order &apos;{number}&apos;</translation>
    </message>
    <message>
        <source>No repair order has this number</source>
        <translation>No repair order has this number</translation>
    </message>
    <message>
        <source>{number} is another customer&apos;s</source>
        <translation>{number} is another customer&apos;s</translation>
    </message>
    <message>
        <source>Another customer&apos;s</source>
        <translation>Another customer&apos;s</translation>
    </message>
    <message>
        <source>This complaint is resolved; reopen it first</source>
        <translation>This complaint is resolved; reopen it first</translation>
    </message>
    <message>
        <source>Say what was done</source>
        <translation>Say what was done</translation>
    </message>
    <message>
        <source>From 1 (unhappy) to 5 (delighted)</source>
        <translation>From 1 (unhappy) to 5 (delighted)</translation>
    </message>
    <message>
        <source>Already resolved</source>
        <translation>Already resolved</translation>
    </message>
    <message>
        <source>Say why it is reopened</source>
        <translation>Say why it is reopened</translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished">Why</translation>
    </message>
    <message>
        <source>There is no draft invoice {reference}</source>
        <translation>There is no draft invoice {reference}</translation>
    </message>
    <message>
        <source>{number} is void: it cannot be changed</source>
        <translation>{number} is void: it cannot be changed</translation>
    </message>
    <message>
        <source>Line {position} ({description}) has a negative unit price; correct it before issuing</source>
        <translation>Line {position} ({description}) has a negative unit price; correct it before issuing</translation>
    </message>
    <message>
        <source>{order} is invoiced already: {number}</source>
        <translation>{order} is invoiced already: {number}</translation>
    </message>
    <message>
        <source>The draft invoice of {order} was voided; invoice it again in the window</source>
        <translation>The draft invoice of {order} was voided; invoice it again in the window</translation>
    </message>
    <message>
        <source>{name} is blacklisted ({reason}): payment is due now, no account credit</source>
        <extracomment>Later areas (repair orders, invoices, reminders) register ``mover(from_id, into_id)`` here so a merge also moves their records, in the same transaction.</extracomment>
        <translation>{name} is blacklisted ({reason}): payment is due now, no account credit</translation>
    </message>
    <message>
        <source>The reason is not stocked, out of stock or price</source>
        <extracomment>Lost for these reasons adds to a part&apos;s demand in reorder suggestions.</extracomment>
        <translation>The reason is not stocked, out of stock or price</translation>
    </message>
    <message>
        <source>Choose one</source>
        <translation>Choose one</translation>
    </message>
    <message>
        <source>The quantity asked for must be more than zero</source>
        <translation>The quantity asked for must be more than zero</translation>
    </message>
    <message>
        <source>Say what the customer asked for (a part or a few words)</source>
        <translation>Say what the customer asked for (a part or a few words)</translation>
    </message>
    <message>
        <source>More than in stock</source>
        <extracomment>A unit cost above this is refused as a typing mistake. A receipt cost this many times above or below the average cost needs ``confirm_cost``.</extracomment>
        <translation>More than in stock</translation>
    </message>
    <message>
        <source>{sku} {name} is out of stock</source>
        <translation>{sku} {name} is out of stock</translation>
    </message>
    <message>
        <source>Only {count} {unit} of {sku} {name} in stock</source>
        <translation>Only {count} {unit} of {sku} {name} in stock</translation>
    </message>
    <message>
        <source>A unit cost of {cost} for {sku} is far from what it usually costs; check the price, or confirm it</source>
        <translation>A unit cost of {cost} for {sku} is far from what it usually costs; check the price, or confirm it</translation>
    </message>
    <message>
        <source>Unusual cost</source>
        <translation type="unfinished">Unusual cost</translation>
    </message>
    <message>
        <source>Only {count} {unit} of {sku} in stock; the shop does not allow negative stock</source>
        <translation>Only {count} {unit} of {sku} in stock; the shop does not allow negative stock</translation>
    </message>
    <message>
        <source>There is no part #{id}</source>
        <translation>There is no part #{id}</translation>
    </message>
    <message>
        <source>Type the car&apos;s plate (or VIN) to open its repair order</source>
        <translation>Type the car&apos;s plate (or VIN) to open its repair order</translation>
    </message>
    <message>
        <source>Needed for the repair order</source>
        <translation>Needed for the repair order</translation>
    </message>
    <message>
        <source>Not a phone number we understand; saved as typed</source>
        <translation>Not a phone number we understand; saved as typed</translation>
    </message>
    <message>
        <source>This number does not look valid; saved as typed</source>
        <translation>This number does not look valid; saved as typed</translation>
    </message>
    <message>
        <source>A VIN never contains I, O or Q; check for 1 and 0</source>
        <translation>A VIN never contains I, O or Q; check for 1 and 0</translation>
    </message>
    <message>
        <source>The check digit (9th character) does not match: a typing mistake?</source>
        <translation>The check digit (9th character) does not match: a typing mistake?</translation>
    </message>
    <message>
        <source>This complaint names no repair order: open a repair order for the car and use Comeback of… in it</source>
        <translation>This complaint names no repair order: open a repair order for the car and use Comeback of… in it</translation>
    </message>
    <message>
        <source>{number} has not been invoiced: a comeback redoes work already invoiced</source>
        <translation>{number} has not been invoiced: a comeback redoes work already invoiced</translation>
    </message>
    <message>
        <source>The period starts ({start}) after it ends ({end})</source>
        <translation>The period starts ({start}) after it ends ({end})</translation>
    </message>
    <message>
        <source>Unknown part field: {names}</source>
        <translation>Unknown part field: {names}</translation>
    </message>
    <message>
        <source>Every new part needs a SKU of 1–40 letters, digits, . _ / - (no spaces)</source>
        <translation>Every new part needs a SKU of 1–40 letters, digits, . _ / - (no spaces)</translation>
    </message>
    <message>
        <source>A part needs a name</source>
        <translation>A part needs a name</translation>
    </message>
    <message>
        <source>Barcode {code} is not a code a scanner types</source>
        <translation>Barcode {code} is not a code a scanner types</translation>
    </message>
    <message>
        <source>Printable characters, no spaces</source>
        <translation>Printable characters, no spaces</translation>
    </message>
    <message>
        <source>A discount limit is a percentage from 0 to 99</source>
        <extracomment>the settings holding each role&apos;s discount limit (the owner has none) the language of printed documents and exports; &quot;&quot; = the same as each PC&apos;s screen</extracomment>
        <translation>A discount limit is a percentage from 0 to 99</translation>
    </message>
    <message>
        <source>A tax code is 1 to 10 letters or digits.</source>
        <translation type="unfinished">A tax code is 1 to 10 letters or digits.</translation>
    </message>
    <message>
        <source>Give the rate a name (printed on invoices).</source>
        <translation type="unfinished">Give the rate a name (printed on invoices).</translation>
    </message>
    <message>
        <source>The rate is a percentage from 0 to 100.</source>
        <translation type="unfinished">The rate is a percentage from 0 to 100.</translation>
    </message>
    <message>
        <source>Someone else changed this {record} while you had it open. Nothing was saved: reopen it to see their changes, then make yours again.</source>
        <translation>Someone else changed this {record} while you had it open. Nothing was saved: reopen it to see their changes, then make yours again.</translation>
    </message>
    <message>
        <source>Cannot write the rejected rows to {path}: {reason}. Choose another file with --errors (the import itself is done as shown).</source>
        <extracomment>Rows listed on screen before &quot;... and N more&quot; (the error workbook has them all).</extracomment>
        <translation>Cannot write the rejected rows to {path}: {reason}. Choose another file with --errors (the import itself is done as shown).</translation>
    </message>
    <message>
        <source>The disk is full: nothing was saved. Free some space on the disk that holds the shop&apos;s database, then try again.</source>
        <translation>The disk is full: nothing was saved. Free some space on the disk that holds the shop&apos;s database, then try again.</translation>
    </message>
    <message>
        <source>Another PC is busy writing to the shop&apos;s database (an import, a stock-take or a repricing may be running). Nothing was saved: try again in a moment.</source>
        <translation>Another PC is busy writing to the shop&apos;s database (an import, a stock-take or a repricing may be running). Nothing was saved: try again in a moment.</translation>
    </message>
    <message>
        <source>{value} is larger than ShopDesk accepts</source>
        <extracomment>Excel&apos;s day 0 (serial numbers count from here; 1900 leap-year bug included). A number cell at or beyond this is refused (&quot;larger than ShopDesk accepts&quot;): far above any price, quantity, year or odometer reading, and well inside what the database stores.</extracomment>
        <translation>{value} is larger than ShopDesk accepts</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}</source>
        <extracomment>First characters that make a spreadsheet treat text as a formula (or split a CSV cell). Excel&apos;s rows per sheet, header included. Values arrive as integers in 1/scale units (100: cents, 1000: thousandths), as stored.</extracomment>
        <translation>Cannot write {path}: {reason}</translation>
    </message>
    <message>
        <source>Unknown database address {scheme}://…: use a file path or postgresql://</source>
        <translation>Unknown database address {scheme}://…: use a file path or postgresql://</translation>
    </message>
    <message>
        <source>{where} is empty: it is not a ShopDesk shop, or the file is damaged. Restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</source>
        <translation>{where} is empty: it is not a ShopDesk shop, or the file is damaged. Restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</translation>
    </message>
    <message>
        <source>{path} is a folder, not a database file</source>
        <translation>{path} is a folder, not a database file</translation>
    </message>
    <message>
        <source>There is no database at {path}</source>
        <translation>There is no database at {path}</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist</source>
        <translation>The folder {folder} does not exist</translation>
    </message>
    <message>
        <source>Cannot read {path}: {reason}</source>
        <translation>Cannot read {path}: {reason}</translation>
    </message>
    <message>
        <source>{path} is empty (0 bytes): it is not a ShopDesk shop, or the file is damaged. Restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</source>
        <translation>{path} is empty (0 bytes): it is not a ShopDesk shop, or the file is damaged. Restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</translation>
    </message>
    <message>
        <source>{path} is not a ShopDesk database (it is not an SQLite file)</source>
        <translation>{path} is not a ShopDesk database (it is not an SQLite file)</translation>
    </message>
    <message>
        <source>The PostgreSQL address names no database: postgresql://host/NAME</source>
        <translation>The PostgreSQL address names no database: postgresql://host/NAME</translation>
    </message>
    <message>
        <source>Cannot connect to {where}: {problem}</source>
        <translation>Cannot connect to {where}: {problem}</translation>
    </message>
    <message>
        <source>{where} holds another program&apos;s data, not a ShopDesk database</source>
        <translation>{where} holds another program&apos;s data, not a ShopDesk database</translation>
    </message>
    <message>
        <source>{where} is busy: another ShopDesk or program is writing to it. Try again in a moment.</source>
        <translation>{where} is busy: another ShopDesk or program is writing to it. Try again in a moment.</translation>
    </message>
    <message>
        <source>{where} is damaged ({problem}): restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</source>
        <translation>{where} is damaged ({problem}): restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</translation>
    </message>
    <message>
        <source>Cannot open {where}: {problem}</source>
        <translation>Cannot open {where}: {problem}</translation>
    </message>
    <message>
        <source>Nothing was restored ({problem}); the shop database is as it was.</source>
        <translation>Nothing was restored ({problem}); the shop database is as it was.</translation>
    </message>
    <message>
        <source>The restored database would not open ({problem}); the shop database was put back as it was.</source>
        <translation>The restored database would not open ({problem}); the shop database was put back as it was.</translation>
    </message>
    <message>
        <source>The restore failed after the swap ({problem}); the shop database was put back as it was.</source>
        <translation>The restore failed after the swap ({problem}); the shop database was put back as it was.</translation>
    </message>
    <message>
        <source>That file is the shop database itself, not a backup of it</source>
        <translation>That file is the shop database itself, not a backup of it</translation>
    </message>
    <message>
        <source>Nothing was restored: {problem}</source>
        <translation>Nothing was restored: {problem}</translation>
    </message>
    <message>
        <source>Nothing was restored: {backup} is not a whole ShopDesk database (it cannot be brought up to this release: {problem})</source>
        <translation>Nothing was restored: {backup} is not a whole ShopDesk database (it cannot be brought up to this release: {problem})</translation>
    </message>
    <message>
        <source>Nothing was restored: the data in {backup} fails the checks: {problems}</source>
        <translation>Nothing was restored: the data in {backup} fails the checks: {problems}</translation>
    </message>
    <message>
        <source>Nothing was restored: {backup} does not have the schema this ShopDesk expects: {problems}</source>
        <translation>Nothing was restored: {backup} does not have the schema this ShopDesk expects: {problems}</translation>
    </message>
    <message>
        <source>(and {count} more)</source>
        <translation>(and {count} more)</translation>
    </message>
    <message>
        <source>Nothing was restored: the copy of the backup came out different (a failing disk?)</source>
        <translation>Nothing was restored: the copy of the backup came out different (a failing disk?)</translation>
    </message>
    <message>
        <source>Roles are for a PostgreSQL database: give --db postgresql://ADMIN@SERVER/NAME (an administrator such as postgres)</source>
        <translation>Roles are for a PostgreSQL database: give --db postgresql://ADMIN@SERVER/NAME (an administrator such as postgres)</translation>
    </message>
    <message>
        <source>This database needs an upgrade (schema {found} to {latest}) that only its owner role may make, not the login {login}. Nothing was changed. On the server run: shopdesk db roles --db postgresql://ADMIN@SERVER/{name} --owner OWNER --login {login}</source>
        <extracomment>The migrations in order, by module name: ``mNNNN`` is schema version NNNN. A module is imported only when a database needs it (an up-to-date database, the usual case at start, imports none: schema 12 alone imports the Chinese name search keys).</extracomment>
        <translation>This database needs an upgrade (schema {found} to {latest}) that only its owner role may make, not the login {login}. Nothing was changed. On the server run: shopdesk db roles --db postgresql://ADMIN@SERVER/{name} --owner OWNER --login {login}</translation>
    </message>
    <message>
        <source>{name} is not a usable {what} role name: use lower-case letters, digits and _</source>
        <extracomment>Tables the login may only read.</extracomment>
        <translation>{name} is not a usable {what} role name: use lower-case letters, digits and _</translation>
    </message>
    <message>
        <source>The owner role and the shop&apos;s login must be two different roles</source>
        <translation>The owner role and the shop&apos;s login must be two different roles</translation>
    </message>
    <message>
        <source>The login {login} does not exist yet: give its password to create it</source>
        <translation>The login {login} does not exist yet: give its password to create it</translation>
    </message>
    <message>
        <source>The login {login} is a superuser: it could change anything, triggers included. Give the PCs a plain login</source>
        <translation>The login {login} is a superuser: it could change anything, triggers included. Give the PCs a plain login</translation>
    </message>
    <message>
        <source>Wrong username or password</source>
        <translation>Wrong username or password</translation>
    </message>
    <message>
        <source>Too many wrong passwords: try again in {seconds} s</source>
        <translation>Too many wrong passwords: try again in {seconds} s</translation>
    </message>
    <message>
        <source>The account {username} is locked after {count} wrong passwords; the owner can unlock it in Settings → Users</source>
        <translation>The account {username} is locked after {count} wrong passwords; the owner can unlock it in Settings → Users</translation>
    </message>
    <message>
        <source>The account {username} is switched off; ask the owner</source>
        <translation>The account {username} is switched off; ask the owner</translation>
    </message>
    <message>
        <source>The password needs at least {n} characters</source>
        <translation>The password needs at least {n} characters</translation>
    </message>
    <message>
        <source>At least {n} characters</source>
        <translation>At least {n} characters</translation>
    </message>
    <message>
        <source>A password of only spaces is too easy to guess</source>
        <translation>A password of only spaces is too easy to guess</translation>
    </message>
    <message>
        <source>Not only spaces</source>
        <translation>Not only spaces</translation>
    </message>
    <message>
        <source>A password cannot hold control characters (such as tab or NUL)</source>
        <translation>A password cannot hold control characters (such as tab or NUL)</translation>
    </message>
    <message>
        <source>No control characters</source>
        <translation>No control characters</translation>
    </message>
    <message>
        <source>Only an active clerk account can sign in automatically</source>
        <translation>Only an active clerk account can sign in automatically</translation>
    </message>
    <message>
        <source>Automatic sign-in as {username} is not allowed on this PC</source>
        <translation>Automatic sign-in as {username} is not allowed on this PC</translation>
    </message>
    <message>
        <source>That is not an owner&apos;s username and password</source>
        <translation>That is not an owner&apos;s username and password</translation>
    </message>
    <message>
        <source>{number} (started {day}) is still open and counts {count} of these parts: post or cancel it first</source>
        <translation>{number} (started {day}) is still open and counts {count} of these parts: post or cancel it first</translation>
    </message>
    <message>
        <source>{number} is partly posted; its counts can no longer change. Post it again to finish.</source>
        <translation>{number} is partly posted; its counts can no longer change. Post it again to finish.</translation>
    </message>
    <message>
        <source>{number}: stopped after {count} of {total} differences were posted ({problem}). Post it again to finish: differences already posted are not posted twice.</source>
        <translation>{number}: stopped after {count} of {total} differences were posted ({problem}). Post it again to finish: differences already posted are not posted twice.</translation>
    </message>
    <message>
        <source>A discount of {percent}% needs the owner&apos;s approval: a {role} may give up to {limit}%</source>
        <translation>A discount of {percent}% needs the owner&apos;s approval: a {role} may give up to {limit}%</translation>
    </message>
    <message>
        <source>Issuing with the date {date} (not today) needs the owner&apos;s approval</source>
        <translation>Issuing with the date {date} (not today) needs the owner&apos;s approval</translation>
    </message>
    <message>
        <source>Cancelled after the rows up to row {row} were saved. Import the file again to finish: rows already saved come back unchanged.</source>
        <extracomment>Each kind of import and its handler. Below this, ``round(value * 100)`` (or 1000) is within 2e-4 of the exact decimal value times 100: far enough from a half to round the same way as the exact path.</extracomment>
        <translation>Cancelled after the rows up to row {row} were saved. Import the file again to finish: rows already saved come back unchanged.</translation>
    </message>
    <message>
        <source>Stopped after the rows up to row {row} were saved ({problem}). Import the file again to finish: rows already saved come back unchanged.</source>
        <translation>Stopped after the rows up to row {row} were saved ({problem}). Import the file again to finish: rows already saved come back unchanged.</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed</source>
        <translation>Cancelled: nothing was changed</translation>
    </message>
    <message>
        <source>The labels could not be saved to {target} ({reason}): choose another folder or close the file where it is open</source>
        <translation>The labels could not be saved to {target} ({reason}): choose another folder or close the file where it is open</translation>
    </message>
    <message>
        <source>{file} changed since it was read: read it again</source>
        <translation>{file} changed since it was read: read it again</translation>
    </message>
    <message>
        <source>Spend thresholds are amounts like 2000.00</source>
        <translation>Spend thresholds are amounts like 2000.00</translation>
    </message>
    <message>
        <source>An amount</source>
        <translation>An amount</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a fuel type: choose petrol, diesel, hybrid, plug-in hybrid or electric, or leave it empty when unknown</source>
        <translation>&apos;{text}&apos; is not a fuel type: choose petrol, diesel, hybrid, plug-in hybrid or electric, or leave it empty when unknown</translation>
    </message>
    <message>
        <source>Not a fuel type</source>
        <translation>Not a fuel type</translation>
    </message>
    <message>
        <source>A package is for named fuel types: leave the fuel types empty for any fuel</source>
        <translation>A package is for named fuel types: leave the fuel types empty for any fuel</translation>
    </message>
    <message>
        <source>Long overdue after: whole months from 1 to 120, not {value}</source>
        <translation>Long overdue after: whole months from 1 to 120, not {value}</translation>
    </message>
    <message>
        <source>Whole months from 1 to 120</source>
        <translation>Whole months from 1 to 120</translation>
    </message>
    <message>
        <source>There is no package called &apos;{name}&apos;</source>
        <translation>There is no package called &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>Packages are exported to an .xlsx file, not {name}</source>
        <translation>Packages are exported to an .xlsx file, not {name}</translation>
    </message>
    <message>
        <source>Row {row}, {column}: {problem}</source>
        <translation>Row {row}, {column}: {problem}</translation>
    </message>
    <message>
        <source>{file} has no column {columns}: export the packages to see the layout</source>
        <translation>{file} has no column {columns}: export the packages to see the layout</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a whole number</source>
        <translation>&apos;{value}&apos; is not a whole number</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a number of zero or more</source>
        <translation>&apos;{value}&apos; is not a number of zero or more</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not yes or no</source>
        <translation>&apos;{value}&apos; is not yes or no</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a line kind: labour, part, fee or sublet</source>
        <translation>&apos;{value}&apos; is not a line kind: labour, part, fee or sublet</translation>
    </message>
    <message>
        <source>the package {name} has no lines: a package needs at least one</source>
        <translation>the package {name} has no lines: a package needs at least one</translation>
    </message>
    <message>
        <source>an interval must be more than zero (leave it empty for none)</source>
        <translation>an interval must be more than zero (leave it empty for none)</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a month and day like 11-01</source>
        <translation>&apos;{value}&apos; is not a month and day like 11-01</translation>
    </message>
    <message>
        <source>a season needs both a start and an end</source>
        <translation>a season needs both a start and an end</translation>
    </message>
    <message>
        <source>say when the package is due: every N km (more than 0), every M months, or a season</source>
        <translation>say when the package is due: every N km (more than 0), every M months, or a season</translation>
    </message>
    <message>
        <source>the year range is back to front</source>
        <translation>the year range is back to front</translation>
    </message>
    <message>
        <source>{file} has formulas (in {cells}): ShopDesk reads values, never runs formulas; type the values in, then import again</source>
        <translation>{file} has formulas (in {cells}): ShopDesk reads values, never runs formulas; type the values in, then import again</translation>
    </message>
    <message>
        <source>name the package this line belongs to</source>
        <translation>name the package this line belongs to</translation>
    </message>
    <message>
        <source>differs from the package&apos;s first row ({first}): leave it empty or the same</source>
        <translation>differs from the package&apos;s first row ({first}): leave it empty or the same</translation>
    </message>
    <message>
        <source>{file} has no package lines</source>
        <translation>{file} has no package lines</translation>
    </message>
    <message>
        <source>no part has the SKU &apos;{sku}&apos;</source>
        <translation>no part has the SKU &apos;{sku}&apos;</translation>
    </message>
    <message>
        <source>the part {sku} is archived</source>
        <translation>the part {sku} is archived</translation>
    </message>
    <message>
        <source>only a part line names a SKU</source>
        <translation>only a part line names a SKU</translation>
    </message>
    <message>
        <source>a part line needs a SKU</source>
        <translation>a part line needs a SKU</translation>
    </message>
    <message>
        <source>the quantity must be more than zero</source>
        <translation>the quantity must be more than zero</translation>
    </message>
    <message>
        <source>describe the line</source>
        <translation>describe the line</translation>
    </message>
    <message>
        <source>Package {name} (row {row}): {problem}</source>
        <translation>Package {name} (row {row}): {problem}</translation>
    </message>
    <message>
        <source>MM-DD, like 11-01</source>
        <translation>MM-DD, like 11-01</translation>
    </message>
    <message>
        <source>Name the package</source>
        <translation>Name the package</translation>
    </message>
    <message>
        <source>The distance interval must be more than zero</source>
        <translation>The distance interval must be more than zero</translation>
    </message>
    <message>
        <source>The month interval must be more than zero</source>
        <translation>The month interval must be more than zero</translation>
    </message>
    <message>
        <source>More than 0</source>
        <translation>More than 0</translation>
    </message>
    <message>
        <source>The season start is a month and day like 11-01</source>
        <translation>The season start is a month and day like 11-01</translation>
    </message>
    <message>
        <source>The season end is a month and day like 11-01</source>
        <translation>The season end is a month and day like 11-01</translation>
    </message>
    <message>
        <source>A season needs both a start and an end</source>
        <translation>A season needs both a start and an end</translation>
    </message>
    <message>
        <source>Both a start and an end</source>
        <translation>Both a start and an end</translation>
    </message>
    <message>
        <source>Say when the package is due: every N km, every M months, or a season</source>
        <translation>Say when the package is due: every N km, every M months, or a season</translation>
    </message>
    <message>
        <source>The year range is back to front</source>
        <translation>The year range is back to front</translation>
    </message>
    <message>
        <source>From &lt;= to</source>
        <translation>From &lt;= to</translation>
    </message>
    <message>
        <source>A package needs at least one line</source>
        <translation>A package needs at least one line</translation>
    </message>
    <message>
        <source>There is already a package called &apos;{name}&apos;</source>
        <translation>There is already a package called &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation type="unfinished">Taken</translation>
    </message>
</context>
<context>
    <name>ExportMenu</name>
    <message>
        <source>Export all data</source>
        <translation>Export all data</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished">Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>All data ({tables} tables, {rows} rows) written to {path}</source>
        <translation>All data ({tables} tables, {rows} rows) written to {path}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished">Export failed</translation>
    </message>
    <message>
        <source>Exporting all data</source>
        <translation>Exporting all data</translation>
    </message>
    <message>
        <source>E&amp;xport all data…</source>
        <translation>E&amp;xport all data…</translation>
    </message>
    <message>
        <source>Every table of the shop in one Excel workbook</source>
        <translation>Every table of the shop in one Excel workbook</translation>
    </message>
    <message>
        <source>A&amp;ccountant export…</source>
        <translation>A&amp;ccountant export…</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation type="unfinished">Due date</translation>
    </message>
    <message>
        <source>Due at km</source>
        <translation>Due at km</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation type="unfinished">Invoice</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation type="unfinished">Credit note</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished">Number</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">Type</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Customer tax ID</source>
        <translation type="unfinished">Customer tax ID</translation>
    </message>
    <message>
        <source>Credits invoice</source>
        <translation type="unfinished">Credits invoice</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>Tax code</translation>
    </message>
    <message>
        <source>Tax rate %</source>
        <translation>Tax rate %</translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished">Net</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation type="unfinished">Tax</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>Gross</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished">Kind</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished">SKU</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished">Quantity</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished">Unit price</translation>
    </message>
    <message>
        <source>Discount %</source>
        <translation>Discount %</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished">Amount</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation type="unfinished">Unit cost</translation>
    </message>
    <message>
        <source>Sales journal</source>
        <translation>Sales journal</translation>
    </message>
    <message>
        <source>Totals by tax rate</source>
        <translation>Totals by tax rate</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>All rates</source>
        <translation>All rates</translation>
    </message>
    <message>
        <source>Invoice lines</source>
        <translation>Invoice lines</translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished">Method</translation>
    </message>
    <message>
        <source>Applied to invoice</source>
        <translation>Applied to invoice</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished">Reference</translation>
    </message>
    <message>
        <source>Taken by</source>
        <translation>Taken by</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Payments</translation>
    </message>
    <message>
        <source>Totals by method</source>
        <translation>Totals by method</translation>
    </message>
    <message>
        <source>All methods</source>
        <translation>All methods</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished">E-mail</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>Preferred channel</translation>
    </message>
    <message>
        <source>Marketing consent</source>
        <translation>Marketing consent</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation type="unfinished">Plate</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation type="unfinished">Vehicle</translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished">Service</translation>
    </message>
    <message>
        <source>Also recommended</source>
        <translation>Also recommended</translation>
    </message>
    <message>
        <source>Last reminded</source>
        <translation>Last reminded</translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished">yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished">no</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>Reminders</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation type="unfinished">Bin</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished">Unit</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished">Counted</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished">Supplier</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation type="unfinished">On hand</translation>
    </message>
    <message>
        <source>On order</source>
        <translation type="unfinished">On order</translation>
    </message>
    <message>
        <source>Reorder at</source>
        <translation type="unfinished">Reorder at</translation>
    </message>
    <message>
        <source>Sold lately</source>
        <translation>Sold lately</translation>
    </message>
    <message>
        <source>Lost sales</source>
        <translation>Lost sales</translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished">Order</translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished">Why</translation>
    </message>
    <message>
        <source>Reorder suggestions</source>
        <translation type="unfinished">Reorder suggestions</translation>
    </message>
    <message>
        <source>Current</source>
        <translation type="unfinished">Current</translation>
    </message>
    <message>
        <source>1–30 days</source>
        <translation type="unfinished">1–30 days</translation>
    </message>
    <message>
        <source>31–60 days</source>
        <translation type="unfinished">31–60 days</translation>
    </message>
    <message>
        <source>61–90 days</source>
        <translation type="unfinished">61–90 days</translation>
    </message>
    <message>
        <source>Over 90 days</source>
        <translation type="unfinished">Over 90 days</translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished">Total</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation type="unfinished">Receivables</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up your shop</source>
        <translation>Set up your shop</translation>
    </message>
    <message>
        <source>Try the demo shop</source>
        <translation>Try the demo shop</translation>
    </message>
    <message>
        <source>&amp;Create my shop</source>
        <translation>&amp;Create my shop</translation>
    </message>
    <message>
        <source>The shop&apos;s file could not be written: {error}</source>
        <translation>The shop&apos;s file could not be written: {error}</translation>
    </message>
    <message>
        <source>Nothing was saved: {problem}</source>
        <translation>Nothing was saved: {problem}</translation>
    </message>
</context>
<context>
    <name>FollowUpsWidget</name>
    <message>
        <source>Everyone&apos;s</source>
        <translation>Everyone&apos;s</translation>
    </message>
    <message>
        <source>D&amp;one</source>
        <translation>D&amp;one</translation>
    </message>
    <message>
        <source>Tick off the selected follow-up</source>
        <translation>Tick off the selected follow-up</translation>
    </message>
    <message>
        <source>No follow-ups due</source>
        <translation>No follow-ups due</translation>
    </message>
    <message>
        <source>Set a follow-up when logging a contact on a customer&apos;s file (Log contact, Ctrl+L); it shows here on its day.</source>
        <translation>Set a follow-up when logging a contact on a customer&apos;s file (Log contact, Ctrl+L); it shows here on its day.</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>Everyone&apos;s follow-ups due today: {count}</source>
        <translation>Everyone&apos;s follow-ups due today: {count}</translation>
    </message>
    <message>
        <source>Everyone&apos;s follow-ups: nothing due today</source>
        <translation>Everyone&apos;s follow-ups: nothing due today</translation>
    </message>
    <message>
        <source>My follow-ups due today: {count}</source>
        <translation>My follow-ups due today: {count}</translation>
    </message>
    <message>
        <source>My follow-ups: nothing due today</source>
        <translation>My follow-ups: nothing due today</translation>
    </message>
</context>
<context>
    <name>FrontDesk</name>
    <message>
        <source>&amp;Book (Ctrl+B)</source>
        <translation>&amp;Book (Ctrl+B)</translation>
    </message>
    <message>
        <source>Check &amp;in (Ctrl+I)</source>
        <translation>Check &amp;in (Ctrl+I)</translation>
    </message>
    <message>
        <source>&amp;Walk-in (Ctrl+N)</source>
        <translation>&amp;Walk-in (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;Today</translation>
    </message>
    <message>
        <source>C&amp;alendar</source>
        <translation>C&amp;alendar</translation>
    </message>
    <message>
        <source>&amp;Reminders</source>
        <translation>&amp;Reminders</translation>
    </message>
    <message>
        <source>Book an appointment</source>
        <translation>Book an appointment</translation>
    </message>
    <message>
        <source>Check in the selected (or next) appointment</source>
        <translation>Check in the selected (or next) appointment</translation>
    </message>
    <message>
        <source>Walk-in: a repair order for a car by its plate</source>
        <translation>Walk-in: a repair order for a car by its plate</translation>
    </message>
    <message>
        <source>Tomorrow&apos;s call made: appointment confirmed</source>
        <translation>Tomorrow&apos;s call made: appointment confirmed</translation>
    </message>
    <message>
        <source>Today&apos;s appointments</source>
        <translation>Today&apos;s appointments</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation type="unfinished">Plate</translation>
    </message>
    <message>
        <source>What for</source>
        <translation>What for</translation>
    </message>
    <message>
        <source>Bay</source>
        <translation>Bay</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>In the shop</source>
        <translation>In the shop</translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished">Order</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>Ready for collection</source>
        <translation>Ready for collection</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <source>Tomorrow: confirmation calls</source>
        <translation>Tomorrow: confirmation calls</translation>
    </message>
    <message>
        <source>&amp;Confirmed (Ctrl+Shift+C)</source>
        <translation>&amp;Confirmed (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Da&amp;y</source>
        <translation>Da&amp;y</translation>
    </message>
    <message>
        <source>No appointments today</source>
        <translation>No appointments today</translation>
    </message>
    <message>
        <source>Book one with Book (Ctrl+B), or take a car in now with Walk-in (Ctrl+N).</source>
        <translation>Book one with Book (Ctrl+B), or take a car in now with Walk-in (Ctrl+N).</translation>
    </message>
    <message>
        <source>No cars in the shop</source>
        <translation>No cars in the shop</translation>
    </message>
    <message>
        <source>Check a booked car in with Check in (Ctrl+I), or a walk-in with Ctrl+N.</source>
        <translation>Check a booked car in with Check in (Ctrl+I), or a walk-in with Ctrl+N.</translation>
    </message>
    <message>
        <source>Nothing ready for collection</source>
        <translation>Nothing ready for collection</translation>
    </message>
    <message>
        <source>Orders show here once their work is done, to call the customer.</source>
        <translation>Orders show here once their work is done, to call the customer.</translation>
    </message>
    <message>
        <source>No appointments tomorrow</source>
        <translation>No appointments tomorrow</translation>
    </message>
    <message>
        <source>Tomorrow&apos;s bookings show here, to call and confirm the day before.</source>
        <translation>Tomorrow&apos;s bookings show here, to call and confirm the day before.</translation>
    </message>
    <message>
        <source>Day by bay</source>
        <translation>Day by bay</translation>
    </message>
    <message>
        <source>Day by technician</source>
        <translation>Day by technician</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>invoiced</source>
        <translation>invoiced</translation>
    </message>
    <message>
        <source>done, to invoice</source>
        <translation>done, to invoice</translation>
    </message>
    <message>
        <source>No appointment to check in today: use Walk-in (Ctrl+N)</source>
        <translation>No appointment to check in today: use Walk-in (Ctrl+N)</translation>
    </message>
    <message>
        <source>The booked service was not added: {reason}</source>
        <translation>The booked service was not added: {reason}</translation>
    </message>
    <message>
        <source>Select a car in Ready for collection, or open the invoice, the customer&apos;s file or the repair order, then F12</source>
        <translation>Select a car in Ready for collection, or open the invoice, the customer&apos;s file or the repair order, then F12</translation>
    </message>
</context>
<context>
    <name>GlobalSearch</name>
    <message>
        <source>Nobody matches “{text}”. Try the last digits of a phone, a plate or the last 6 of the VIN; Ctrl+Shift+N checks in a new customer.</source>
        <translation>Nobody matches “{text}”. Try the last digits of a phone, a plate or the last 6 of the VIN; Ctrl+Shift+N checks in a new customer.</translation>
    </message>
    <message>
        <source>More than {count} customers’ phones end in {digits}: add a few letters of the name (“{example}”)</source>
        <translation>More than {count} customers’ phones end in {digits}: add a few letters of the name (“{example}”)</translation>
    </message>
    <message>
        <source>{count} customers’ phones end in {digits}: add a few letters of the name (“{example}”)</source>
        <translation>{count} customers’ phones end in {digits}: add a few letters of the name (“{example}”)</translation>
    </message>
    <message>
        <source>Enter opens the highlighted customer · ↓ ↑ choose · Esc closes</source>
        <translation>Enter opens the highlighted customer · ↓ ↑ choose · Esc closes</translation>
    </message>
    <message>
        <source>Showing the best {count}: type more to narrow · {keys}</source>
        <translation>Showing the best {count}: type more to narrow · {keys}</translation>
    </message>
    <message>
        <source> +{count} more</source>
        <translation> +{count} more</translation>
    </message>
    <message>
        <source>blacklisted</source>
        <translation>blacklisted</translation>
    </message>
    <message>
        <source>car in the shop ({order})</source>
        <translation>car in the shop ({order})</translation>
    </message>
    <message>
        <source>last visit {date}</source>
        <translation>last visit {date}</translation>
    </message>
</context>
<context>
    <name>GradeDialog</name>
    <message>
        <source>Automatic ({value})</source>
        <translation>Automatic ({value})</translation>
    </message>
    <message>
        <source>&amp;Grade</source>
        <translation>&amp;Grade</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation type="unfinished">&amp;Reason</translation>
    </message>
</context>
<context>
    <name>GradingRulesDialog</name>
    <message>
        <source>Customer grades</source>
        <translation>Customer grades</translation>
    </message>
    <message>
        <source>&amp;Save and regrade</source>
        <translation>&amp;Save and regrade</translation>
    </message>
    <message>
        <source>VIP from s&amp;pend</source>
        <translation>VIP from s&amp;pend</translation>
    </message>
    <message>
        <source>…or &amp;visits</source>
        <translation>…or &amp;visits</translation>
    </message>
    <message>
        <source>&amp;Regular from spend</source>
        <translation>&amp;Regular from spend</translation>
    </message>
    <message>
        <source>…or v&amp;isits</source>
        <translation>…or v&amp;isits</translation>
    </message>
    <message>
        <source>&amp;Lapsed list after</source>
        <translation>&amp;Lapsed list after</translation>
    </message>
    <message>
        <source> months</source>
        <translation> months</translation>
    </message>
    <message>
        <source>Over the last 12 months: spend is what the customer&apos;s invoices came to (less credit notes), visits are their invoiced and logged visits.</source>
        <translation>Over the last 12 months: spend is what the customer&apos;s invoices came to (less credit notes), visits are their invoiced and logged visits.</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Your existing records</source>
        <translation>Your existing records</translation>
    </message>
    <message>
        <source>&amp;Open the import wizard when the shop is ready</source>
        <translation>&amp;Open the import wizard when the shop is ready</translation>
    </message>
    <message>
        <source>Customers, vehicles or parts in spreadsheets?</source>
        <translation>Customers, vehicles or parts in spreadsheets?</translation>
    </message>
    <message>
        <source>ShopDesk can read Excel and CSV files of customers, vehicles and parts. It checks every row first and imports all of them or none. You can also do it later from File → Import spreadsheet….</source>
        <translation>ShopDesk can read Excel and CSV files of customers, vehicles and parts. It checks every row first and imports all of them or none. You can also do it later from File → Import spreadsheet….</translation>
    </message>
    <message>
        <source>Start typing, or bring your records in later.</source>
        <translation>Start typing, or bring your records in later.</translation>
    </message>
    <message>
        <source>This version of ShopDesk cannot import spreadsheets yet. Customers and their cars are added in a few seconds at check-in (Customers → New check-in, Ctrl+N), and parts on the Parts screen. When an update brings spreadsheet import, it is under File → Import spreadsheet….</source>
        <translation>This version of ShopDesk cannot import spreadsheets yet. Customers and their cars are added in a few seconds at check-in (Customers → New check-in, Ctrl+N), and parts on the Parts screen. When an update brings spreadsheet import, it is under File → Import spreadsheet….</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import price file — {supplier}</source>
        <translation>Import price file — {supplier}</translation>
    </message>
    <message>
        <source>{new} new line(s), {changed} changed, {same} unchanged, {errors} row(s) with errors (they are skipped). Nothing is imported until you press Import.</source>
        <translation>{new} new line(s), {changed} changed, {same} unchanged, {errors} row(s) with errors (they are skipped). Nothing is imported until you press Import.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished">Row</translation>
    </message>
    <message>
        <source>Supplier no.</source>
        <translation type="unfinished">Supplier no.</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>Cost per pack</source>
        <translation type="unfinished">Cost per pack</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation type="unfinished">Pack</translation>
    </message>
    <message>
        <source>Old cost</source>
        <translation>Old cost</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished">Problem</translation>
    </message>
    <message>
        <source>Rows with errors:</source>
        <translation>Rows with errors:</translation>
    </message>
    <message>
        <source>&amp;Import {count} line(s)</source>
        <translation>&amp;Import {count} line(s)</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import a spreadsheet</source>
        <extracomment>What each import changes, for ``AppContext.notify``.</extracomment>
        <translation>Import a spreadsheet</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">Close</translation>
    </message>
    <message>
        <source>Bring in the lists you already keep: an Excel workbook (.xlsx) or a CSV file. Nothing is saved until the last step, and then in one go.</source>
        <translation>Bring in the lists you already keep: an Excel workbook (.xlsx) or a CSV file. Nothing is saved until the last step, and then in one go.</translation>
    </message>
    <message>
        <source>The file holds:</source>
        <translation>The file holds:</translation>
    </message>
    <message>
        <source>Choose an .xlsx or .csv file</source>
        <translation>Choose an .xlsx or .csv file</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished">&amp;Browse…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished">Customers</translation>
    </message>
    <message>
        <source>Vehicles (with their owners)</source>
        <translation>Vehicles (with their owners)</translation>
    </message>
    <message>
        <source>Parts catalogue</source>
        <translation>Parts catalogue</translation>
    </message>
    <message>
        <source>Price updates</source>
        <translation>Price updates</translation>
    </message>
    <message>
        <source>Stock counts</source>
        <translation>Stock counts</translation>
    </message>
    <message>
        <source>The first rows as they will be saved:</source>
        <translation>The first rows as they will be saved:</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Import the valid rows; leave out the rejected</source>
        <translation>Import the valid rows; leave out the rejected</translation>
    </message>
    <message>
        <source>Import nothing if any row is rejected</source>
        <translation>Import nothing if any row is rejected</translation>
    </message>
    <message>
        <source>&amp;Save rejected rows…</source>
        <translation>&amp;Save rejected rows…</translation>
    </message>
    <message>
        <source>A workbook of the rejected rows with an errors column: fix it and import it again</source>
        <translation>A workbook of the rejected rows with an errors column: fix it and import it again</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Choose a spreadsheet</source>
        <translation>Choose a spreadsheet</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv *.txt);;All files (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>Choose a file first.</translation>
    </message>
    <message>
        <source>Opening the file…</source>
        <translation>Opening the file…</translation>
    </message>
    <message>
        <source>Header found on row {row} of {name}. Check what each column is; columns set to “ignore” are not imported.</source>
        <translation>Header found on row {row} of {name}. Check what each column is; columns set to “ignore” are not imported.</translation>
    </message>
    <message>
        <source>— ignore —</source>
        <translation>— ignore —</translation>
    </message>
    <message>
        <source>Still to map: {what}</source>
        <translation>Still to map: {what}</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>OK. Note: {notes}</source>
        <translation>OK. Note: {notes}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>Checking every row…</translation>
    </message>
    <message>
        <source>{rows} rows checked: {created} to add, {updated} to update, {unchanged} unchanged, {rejected} rejected.</source>
        <translation>{rows} rows checked: {created} to add, {updated} to update, {unchanged} unchanged, {rejected} rejected.</translation>
    </message>
    <message>
        <source>Note: {text}</source>
        <translation>Note: {text}</translation>
    </message>
    <message>
        <source>Save the rejected rows</source>
        <translation>Save the rejected rows</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>{count} rejected rows saved to {path}</source>
        <translation>{count} rejected rows saved to {path}</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>Imported: {created} added, {updated} updated, {unchanged} unchanged, {rejected} rejected.</source>
        <translation>Imported: {created} added, {updated} updated, {unchanged} unchanged, {rejected} rejected.</translation>
    </message>
    <message>
        <source>Nothing was imported: {rejected} rows were rejected and you chose all or nothing. Save the rejected rows, fix them and try again.</source>
        <translation>Nothing was imported: {rejected} rows were rejected and you chose all or nothing. Save the rejected rows, fix them and try again.</translation>
    </message>
</context>
<context>
    <name>InquiryDialog</name>
    <message>
        <source>&amp;Question</source>
        <translation>&amp;Question</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>&amp;Answer</translation>
    </message>
</context>
<context>
    <name>InsightsDialog</name>
    <message>
        <source>Stock value by category</source>
        <translation>Stock value by category</translation>
    </message>
    <message>
        <source>Fast movers</source>
        <translation>Fast movers</translation>
    </message>
    <message>
        <source>Slow movers</source>
        <translation type="unfinished">Slow movers</translation>
    </message>
    <message>
        <source>Dead stock</source>
        <translation>Dead stock</translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished">Category</translation>
    </message>
    <message>
        <source>Parts in stock</source>
        <translation>Parts in stock</translation>
    </message>
    <message>
        <source>Value at cost</source>
        <translation>Value at cost</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Out in period</source>
        <translation>Out in period</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation type="unfinished">On hand</translation>
    </message>
    <message>
        <source>Last movement</source>
        <translation>Last movement</translation>
    </message>
    <message>
        <source>Inventory insights</source>
        <translation>Inventory insights</translation>
    </message>
    <message>
        <source>last {days} days</source>
        <translation>last {days} days</translation>
    </message>
    <message>
        <source> months</source>
        <translation> months</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>InteractionDialog</name>
    <message>
        <source>&amp;Type</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <source>&amp;What was said</source>
        <translation>&amp;What was said</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>Follow up</translation>
    </message>
    <message>
        <source>&amp;Due</source>
        <translation>&amp;Due</translation>
    </message>
    <message>
        <source>e.g. call back with the price</source>
        <translation>e.g. call back with the price</translation>
    </message>
    <message>
        <source>To d&amp;o</source>
        <translation>To d&amp;o</translation>
    </message>
    <message>
        <source>&amp;For</source>
        <translation>&amp;For</translation>
    </message>
</context>
<context>
    <name>InvoiceView</name>
    <message>
        <source>&amp;Issue (Ctrl+I)</source>
        <translation>&amp;Issue (Ctrl+I)</translation>
    </message>
    <message>
        <source>Give the draft its invoice number; after that it cannot change (a credit note corrects it)</source>
        <translation>Give the draft its invoice number; after that it cannot change (a credit note corrects it)</translation>
    </message>
    <message>
        <source>Take &amp;payment (F12)</source>
        <translation>Take &amp;payment (F12)</translation>
    </message>
    <message>
        <source>&amp;Edit lines…</source>
        <translation>&amp;Edit lines…</translation>
    </message>
    <message>
        <source>&amp;Delete draft…</source>
        <translation>&amp;Delete draft…</translation>
    </message>
    <message>
        <source>P&amp;rint… (Ctrl+P)</source>
        <translation>P&amp;rint… (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <source>&amp;Credit note…</source>
        <translation>&amp;Credit note…</translation>
    </message>
    <message>
        <source>Core re&amp;turn…</source>
        <translation>Core re&amp;turn…</translation>
    </message>
    <message>
        <source>The customer brought the old unit back: refund its core deposit</source>
        <translation>The customer brought the old unit back: refund its core deposit</translation>
    </message>
    <message>
        <source>Car co&amp;llected</source>
        <translation>Car co&amp;llected</translation>
    </message>
    <message>
        <source>The customer took the car: the repair order is closed</source>
        <translation>The customer took the car: the repair order is closed</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Take payment (a draft: issue it first)</source>
        <translation>Take payment (a draft: issue it first)</translation>
    </message>
    <message>
        <source>Issue the draft</source>
        <translation>Issue the draft</translation>
    </message>
    <message>
        <source>Draft invoice</source>
        <translation>Draft invoice</translation>
    </message>
    <message>
        <source>not issued yet</source>
        <translation>not issued yet</translation>
    </message>
    <message>
        <source>Issue and take &amp;payment (F12)</source>
        <translation>Issue and take &amp;payment (F12)</translation>
    </message>
    <message>
        <source>Issued as {number}.</source>
        <translation>Issued as {number}.</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>Delete this draft invoice? It never had a number; a repair order&apos;s work goes back to done, to invoice again.</source>
        <translation>Delete this draft invoice? It never had a number; a repair order&apos;s work goes back to done, to invoice again.</translation>
    </message>
    <message>
        <source>&amp;Delete draft</source>
        <translation>&amp;Delete draft</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Draft invoice deleted</source>
        <translation>Draft invoice deleted</translation>
    </message>
    <message>
        <source>{number}: collected.</source>
        <translation>{number}: collected.</translation>
    </message>
    <message>
        <source>Print the invoice</source>
        <translation>Print the invoice</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation type="unfinished">Credit note</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation type="unfinished">Invoice</translation>
    </message>
    <message>
        <source> · paid {paid} · &lt;b&gt;due {due}&lt;/b&gt;</source>
        <translation> · paid {paid} · &lt;b&gt;due {due}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;font-size:14pt&apos;&gt;&lt;b&gt;{kind} {value}&lt;/b&gt;&lt;/span&gt; · {status} · {customer_name}&lt;br&gt;Total {money}{paid}</source>
        <translation>&lt;span style=&apos;font-size:14pt&apos;&gt;&lt;b&gt;{kind} {value}&lt;/b&gt;&lt;/span&gt; · {status} · {customer_name}&lt;br&gt;Total {money}{paid}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Saved {path}</translation>
    </message>
</context>
<context>
    <name>InvoicesBehind</name>
    <message>
        <source>Invoices behind: {figure}</source>
        <translation>Invoices behind: {figure}</translation>
    </message>
    <message>
        <source>{figure} — {month}: {count} documents. Double-click one to open it.</source>
        <translation>{figure} — {month}: {count} documents. Double-click one to open it.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">Close</translation>
    </message>
</context>
<context>
    <name>InvoicesScreen</name>
    <message>
        <source>Counter sale (F9)</source>
        <translation>Counter sale (F9)</translation>
    </message>
    <message>
        <source>Customer, number or plate</source>
        <translation>Customer, number or plate</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation type="unfinished">&amp;More</translation>
    </message>
    <message>
        <source>Cash-up, receivables, cores and lost sales, export</source>
        <translation>Cash-up, receivables, cores and lost sales, export</translation>
    </message>
    <message>
        <source>&amp;Cash-up…</source>
        <translation>&amp;Cash-up…</translation>
    </message>
    <message>
        <source>&amp;Receivables…</source>
        <translation>&amp;Receivables…</translation>
    </message>
    <message>
        <source>C&amp;ores &amp;&amp; lost sales…</source>
        <translation>C&amp;ores &amp;&amp; lost sales…</translation>
    </message>
    <message>
        <source>Cores out and on hand, lost sales, comebacks</source>
        <translation>Cores out and on hand, lost sales, comebacks</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished">&amp;Export…</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation type="unfinished">Invoices</translation>
    </message>
    <message>
        <source>No invoices yet</source>
        <translation>No invoices yet</translation>
    </message>
    <message>
        <source>Press F9 for a counter sale, or invoice a finished repair order. Issued invoices, credit notes and drafts show here.</source>
        <translation>Press F9 for a counter sale, or invoice a finished repair order. Issued invoices, credit notes and drafts show here.</translation>
    </message>
    <message>
        <source>Counter sale</source>
        <translation type="unfinished">Counter sale</translation>
    </message>
    <message>
        <source>Choose an invoice in the list first</source>
        <translation>Choose an invoice in the list first</translation>
    </message>
</context>
<context>
    <name>KnowledgeBaseDialog</name>
    <message>
        <source>Knowledge base</source>
        <translation>Knowledge base</translation>
    </message>
    <message>
        <source>Words in the question or the answer</source>
        <translation>Words in the question or the answer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">Close</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished">Answer</translation>
    </message>
    <message>
        <source>{count} answer(s)</source>
        <translation>{count} answer(s)</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <source>{prev} vs last month
{year} vs last year</source>
        <extracomment>The figures shown as tiles (all of them are in the &quot;All figures&quot; table).</extracomment>
        <translation>{prev} vs last month
{year} vs last year</translation>
    </message>
    <message>
        <source>Double-click: the invoices behind this figure</source>
        <translation>Double-click: the invoices behind this figure</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Open orders</source>
        <translation>Open orders</translation>
    </message>
    <message>
        <source>All orders</source>
        <translation>All orders</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished">Owner</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation type="unfinished">Technician</translation>
    </message>
    <message>
        <source>manage users</source>
        <extracomment>permissions the owner granted this person on top of their role (see GRANTABLE) Whoever runs the ``shopdesk`` command on this PC: they hold the database file (or its PostgreSQL credentials) already, so the command line acts with the owner&apos;s rights. what each permission lets a person do, as a refusal names it</extracomment>
        <translation>manage users</translation>
    </message>
    <message>
        <source>change the shop settings</source>
        <translation>change the shop settings</translation>
    </message>
    <message>
        <source>browse the audit log</source>
        <translation>browse the audit log</translation>
    </message>
    <message>
        <source>change prices and costs</source>
        <translation>change prices and costs</translation>
    </message>
    <message>
        <source>see costs and margins</source>
        <translation>see costs and margins</translation>
    </message>
    <message>
        <source>issue credit notes</source>
        <translation>issue credit notes</translation>
    </message>
    <message>
        <source>see the owner&apos;s reports</source>
        <translation>see the owner&apos;s reports</translation>
    </message>
    <message>
        <source>restore a backup</source>
        <translation>restore a backup</translation>
    </message>
    <message>
        <source>make a backup</source>
        <translation>make a backup</translation>
    </message>
    <message>
        <source>change customers and vehicles</source>
        <translation>change customers and vehicles</translation>
    </message>
    <message>
        <source>sell and take payments</source>
        <translation>sell and take payments</translation>
    </message>
    <message>
        <source>receive and adjust stock</source>
        <translation>receive and adjust stock</translation>
    </message>
    <message>
        <source>open and change repair orders</source>
        <translation>open and change repair orders</translation>
    </message>
    <message>
        <source>work on jobs and clock time</source>
        <translation>work on jobs and clock time</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Regular</source>
        <translation>Regular</translation>
    </message>
    <message>
        <source>Occasional</source>
        <translation>Occasional</translation>
    </message>
    <message>
        <source>Lapsed</source>
        <translation>Lapsed</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Phone call</source>
        <extracomment>How the customer prefers to be reached, as the forms, the reminder list and its exports name it (context &quot;Labels&quot;).</extracomment>
        <translation>Phone call</translation>
    </message>
    <message>
        <source>Text message</source>
        <translation>Text message</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished">E-mail</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>Do not contact</source>
        <translation>Do not contact</translation>
    </message>
    <message>
        <source>All</source>
        <extracomment>the list&apos;s status filter (not a status: &quot;open&quot; is issued with money due)</extracomment>
        <translation>All</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Unpaid</source>
        <translation>Unpaid</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Credit note</translation>
    </message>
    <message>
        <source>Invoice</source>
        <extracomment>what kind of document it is, as a person reads it</extracomment>
        <translation type="unfinished">Invoice</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished">Cash</translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished">Card</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>Cheque</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation type="unfinished">Store credit</translation>
    </message>
    <message>
        <source>Draft</source>
        <extracomment>an invoice&apos;s status as a person reads it (translated where shown)</extracomment>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation type="unfinished">Ordered</translation>
    </message>
    <message>
        <source>Partly received</source>
        <translation>Partly received</translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished">Received</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation type="unfinished">Estimate</translation>
    </message>
    <message>
        <source>Open (in the shop)</source>
        <extracomment>The status filter of the list: label -&gt; statuses.</extracomment>
        <translation>Open (in the shop)</translation>
    </message>
    <message>
        <source>Estimates</source>
        <translation>Estimates</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Waiting for parts</source>
        <translation>Waiting for parts</translation>
    </message>
    <message>
        <source>Done (to invoice)</source>
        <translation>Done (to invoice)</translation>
    </message>
    <message>
        <source>Ready for collection</source>
        <translation type="unfinished">Ready for collection</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation type="unfinished">Invoiced</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Collected</translation>
    </message>
    <message>
        <source>Labour</source>
        <translation>Labour</translation>
    </message>
    <message>
        <source>Part</source>
        <extracomment>what a line charges for, as a person reads it</extracomment>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Sublet</source>
        <translation>Sublet</translation>
    </message>
    <message>
        <source>Core deposit</source>
        <translation>Core deposit</translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished">OK</translation>
    </message>
    <message>
        <source>Needs attention soon</source>
        <translation>Needs attention soon</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Quality of work</source>
        <translation>Quality of work</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Cash customer</source>
        <translation>Cash customer</translation>
    </message>
    <message>
        <source>Receipt</source>
        <extracomment>+1: into stock, -1: out of stock, 0: signed by the caller.</extracomment>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Sale</translation>
    </message>
    <message>
        <source>Repair-order use</source>
        <translation>Repair-order use</translation>
    </message>
    <message>
        <source>Repair-order return</source>
        <translation>Repair-order return</translation>
    </message>
    <message>
        <source>Return to supplier</source>
        <translation>Return to supplier</translation>
    </message>
    <message>
        <source>Customer return</source>
        <translation>Customer return</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>Adjustment</translation>
    </message>
    <message>
        <source>Stock-take</source>
        <translation type="unfinished">Stock-take</translation>
    </message>
    <message>
        <source>Retail</source>
        <extracomment>The price-rounding rules: key -&gt; what the owner reads.</extracomment>
        <translation type="unfinished">Retail</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation type="unfinished">Trade</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished">Unknown</translation>
    </message>
    <message>
        <source>Petrol</source>
        <translation>Petrol</translation>
    </message>
    <message>
        <source>Diesel</source>
        <translation>Diesel</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>Hybrid</translation>
    </message>
    <message>
        <source>Plug-in hybrid</source>
        <translation>Plug-in hybrid</translation>
    </message>
    <message>
        <source>Electric</source>
        <translation>Electric</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <source>Print labels</source>
        <translation>Print labels</translation>
    </message>
    <message>
        <source>Labels already used on the first sheet</source>
        <translation>Labels already used on the first sheet</translation>
    </message>
    <message>
        <source>{count} part(s)</source>
        <translation>{count} part(s)</translation>
    </message>
    <message>
        <source>&amp;Layout</source>
        <translation>&amp;Layout</translation>
    </message>
    <message>
        <source>&amp;Copies of each</source>
        <translation>&amp;Copies of each</translation>
    </message>
    <message>
        <source>&amp;Skip used labels</source>
        <translation>&amp;Skip used labels</translation>
    </message>
    <message>
        <source>Save &amp;to</source>
        <translation>Save &amp;to</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>Save labels</source>
        <translation>Save labels</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>{count} label(s) saved to {target}</source>
        <translation>{count} label(s) saved to {target}</translation>
    </message>
</context>
<context>
    <name>Letters</name>
    <message>
        <source>car</source>
        <translation>car</translation>
    </message>
    <message>
        <source>{service}: was due on {date}</source>
        <translation>{service}: was due on {date}</translation>
    </message>
    <message>
        <source>{service}: due by {date} or at about {km} km</source>
        <translation>{service}: due by {date} or at about {km} km</translation>
    </message>
    <message>
        <source>{service}: due by {date}</source>
        <translation>{service}: due by {date}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Your {car} is well overdue for its servicing ({services}). We would be glad to give it a check-up and bring it up to date.</source>
        <translation>Your {car} is well overdue for its servicing ({services}). We would be glad to give it a check-up and bring it up to date.</translation>
    </message>
    <message>
        <source>We have not seen your {car} since {date}: its servicing ({services}) is well overdue. We would be glad to give it a check-up and bring it up to date.</source>
        <translation>We have not seen your {car} since {date}: its servicing ({services}) is well overdue. We would be glad to give it a check-up and bring it up to date.</translation>
    </message>
    <message>
        <source>We have not seen your {car} for a long time: its servicing ({services}) is well overdue. We would be glad to give it a check-up and bring it up to date.</source>
        <translation>We have not seen your {car} for a long time: its servicing ({services}) is well overdue. We would be glad to give it a check-up and bring it up to date.</translation>
    </message>
    <message>
        <source>Attn. {name}</source>
        <translation>Attn. {name}</translation>
    </message>
    <message>
        <source>Our records show that your {car} is due for:</source>
        <translation>Our records show that your {car} is due for:</translation>
    </message>
    <message>
        <source>Regular maintenance keeps your car safe and reliable, and keeps its value up.</source>
        <translation>Regular maintenance keeps your car safe and reliable, and keeps its value up.</translation>
    </message>
    <message>
        <source>At your last visit we also recommended: {work}.</source>
        <translation type="unfinished">At your last visit we also recommended: {work}.</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>Call us on {phone} to book a time that suits you.</source>
        <translation type="unfinished">Call us on {phone} to book a time that suits you.</translation>
    </message>
    <message>
        <source>Call us to book a time that suits you.</source>
        <translation type="unfinished">Call us to book a time that suits you.</translation>
    </message>
    <message>
        <source>Kind regards,</source>
        <translation>Kind regards,</translation>
    </message>
    <message>
        <source>Service reminder</source>
        <translation>Service reminder</translation>
    </message>
    <message>
        <source>Dear {name},</source>
        <translation>Dear {name},</translation>
    </message>
    <message>
        <source>Dear Sir or Madam,</source>
        <translation>Dear Sir or Madam,</translation>
    </message>
    <message>
        <source>Dear Customer,</source>
        <translation>Dear Customer,</translation>
    </message>
</context>
<context>
    <name>LevelsTab</name>
    <message>
        <source>Price levels (customers buy at one of these)</source>
        <translation>Price levels (customers buy at one of these)</translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished">Level</translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished">Code</translation>
    </message>
    <message>
        <source>New level, e.g. Fleet</source>
        <translation>New level, e.g. Fleet</translation>
    </message>
    <message>
        <source>&amp;Add level</source>
        <translation>&amp;Add level</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>Re&amp;name…</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>Remo&amp;ve</translation>
    </message>
    <message>
        <source>Round matrix prices:</source>
        <translation>Round matrix prices:</translation>
    </message>
    <message>
        <source>Rename price level</source>
        <translation>Rename price level</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>New name:</translation>
    </message>
</context>
<context>
    <name>ListExport</name>
    <message>
        <source>Export…</source>
        <extracomment>Lists up to this many rows are written at once; longer ones in the background.</extracomment>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Save this list as it is shown (filter, sort, columns) to an Excel file (Ctrl+E)</source>
        <translation>Save this list as it is shown (filter, sort, columns) to an Excel file (Ctrl+E)</translation>
    </message>
    <message>
        <source>Export this list to Excel</source>
        <translation>Export this list to Excel</translation>
    </message>
    <message>
        <source>Export {title}</source>
        <translation>Export {title}</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting {title}</source>
        <translation>Exporting {title}</translation>
    </message>
    <message>
        <source>{count} rows written to {path}</source>
        <translation>{count} rows written to {path}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to ShopDesk</source>
        <translation>Sign in to ShopDesk</translation>
    </message>
    <message>
        <source>ShopDesk</source>
        <translation>ShopDesk</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Username</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;font-size:14pt&apos;&gt;{value}&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;font-size:14pt&apos;&gt;{value}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>LogoPicker</name>
    <message>
        <source>Choose &amp;logo…</source>
        <extracomment>Logos are stored at most this size: sharp on paper, small in the database.</extracomment>
        <translation>Choose &amp;logo…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>No logo</translation>
    </message>
    <message>
        <source>{path} is not an image ShopDesk can read (use PNG or JPEG)</source>
        <translation>{path} is not an image ShopDesk can read (use PNG or JPEG)</translation>
    </message>
    <message>
        <source>Shop logo</source>
        <translation>Shop logo</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.svg)</source>
        <translation>Images (*.png *.jpg *.jpeg *.bmp *.gif *.svg)</translation>
    </message>
</context>
<context>
    <name>LostSaleDialog</name>
    <message>
        <source>Lost sale</source>
        <translation>Lost sale</translation>
    </message>
    <message>
        <source>What the customer asked for</source>
        <translation>What the customer asked for</translation>
    </message>
    <message>
        <source>{sku} · {name} · {stock} in stock</source>
        <translation>{sku} · {name} · {stock} in stock</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>&amp;Asked for</source>
        <translation>&amp;Asked for</translation>
    </message>
    <message>
        <source>Not stocked</source>
        <translation>Not stocked</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>Out of stock</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation type="unfinished">&amp;Quantity</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation type="unfinished">&amp;Reason</translation>
    </message>
</context>
<context>
    <name>LostSalesTab</name>
    <message>
        <source>From</source>
        <translation type="unfinished">From</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">to</translation>
    </message>
    <message>
        <source>Asked for</source>
        <translation>Asked for</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished">SKU</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Times</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished">Qty</translation>
    </message>
    <message>
        <source>Last asked</source>
        <translation>Last asked</translation>
    </message>
    <message>
        <source>Not stocked</source>
        <translation type="unfinished">Not stocked</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation type="unfinished">Out of stock</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>{count} lost sales of {items} parts or requests</source>
        <translation>{count} lost sales of {items} parts or requests</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ShopDesk</source>
        <translation>ShopDesk</translation>
    </message>
    <message>
        <source>DEMO SHOP: the customers, parts and invoices here are made up. Try anything.</source>
        <translation>DEMO SHOP: the customers, parts and invoices here are made up. Try anything.</translation>
    </message>
    <message>
        <source>Set up my own shop…</source>
        <translation>Set up my own shop…</translation>
    </message>
    <message>
        <source>Front desk</source>
        <translation>Front desk</translation>
    </message>
    <message>
        <source>Find customer, phone, plate or VIN  (Ctrl+K)</source>
        <translation>Find customer, phone, plate or VIN  (Ctrl+K)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>&amp;About ShopDesk</source>
        <translation>&amp;About ShopDesk</translation>
    </message>
    <message>
        <source>&amp;Import spreadsheet…</source>
        <translation>&amp;Import spreadsheet…</translation>
    </message>
    <message>
        <source>Search finds customers and vehicles; this version has none yet.</source>
        <translation>Search finds customers and vehicles; this version has none yet.</translation>
    </message>
    <message>
        <source>  [DEMO]</source>
        <translation>  [DEMO]</translation>
    </message>
    <message>
        <source>Database: {describe}</source>
        <translation>Database: {describe}</translation>
    </message>
    <message>
        <source>Signed in: {label} ({role})</source>
        <translation>Signed in: {label} ({role})</translation>
    </message>
    <message>
        <source>Only the owner can change the settings.</source>
        <translation>Only the owner can change the settings.</translation>
    </message>
    <message>
        <source>Find a customer, phone, plate or VIN</source>
        <translation>Find a customer, phone, plate or VIN</translation>
    </message>
    <message>
        <source>Open {screen}</source>
        <translation>Open {screen}</translation>
    </message>
</context>
<context>
    <name>ManualTab</name>
    <message>
        <source>These prices were set by hand: the markup matrix leaves them alone until you reset them.</source>
        <translation>These prices were set by hand: the markup matrix leaves them alone until you reset them.</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished">SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished">Level</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Set by</source>
        <translation>Set by</translation>
    </message>
    <message>
        <source>&amp;Set a price by hand…</source>
        <translation>&amp;Set a price by hand…</translation>
    </message>
    <message>
        <source>Reset &amp;to matrix</source>
        <translation>Reset &amp;to matrix</translation>
    </message>
    <message>
        <source>{count} price(s) set by hand</source>
        <translation>{count} price(s) set by hand</translation>
    </message>
    <message>
        <source>Not reset</source>
        <translation>Not reset</translation>
    </message>
    <message>
        <source>{sku} follows the matrix again ({count} price(s) changed)</source>
        <translation>{sku} follows the matrix again ({count} price(s) changed)</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>Columns of the price file</source>
        <translation>Columns of the price file</translation>
    </message>
    <message>
        <source>Some columns were not recognised. Say what each column holds; the supplier part number and the cost are needed.</source>
        <translation>Some columns were not recognised. Say what each column holds; the supplier part number and the cost are needed.</translation>
    </message>
    <message>
        <source>(ignore this column)</source>
        <translation>(ignore this column)</translation>
    </message>
</context>
<context>
    <name>MatrixTab</name>
    <message>
        <source>Shop-wide</source>
        <translation>Shop-wide</translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished">Category</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation type="unfinished">Brand</translation>
    </message>
    <message>
        <source>Price le&amp;vel:</source>
        <translation>Price le&amp;vel:</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>&amp;For:</translation>
    </message>
    <message>
        <source>Cost from</source>
        <translation>Cost from</translation>
    </message>
    <message>
        <source>Cost to (empty: no end)</source>
        <translation>Cost to (empty: no end)</translation>
    </message>
    <message>
        <source>Markup (40 = +40 %, or x1.4)</source>
        <translation>Markup (40 = +40 %, or x1.4)</translation>
    </message>
    <message>
        <source>Add &amp;band</source>
        <translation>Add &amp;band</translation>
    </message>
    <message>
        <source>Remove band</source>
        <translation>Remove band</translation>
    </message>
    <message>
        <source>Delete this matrix</source>
        <translation>Delete this matrix</translation>
    </message>
    <message>
        <source>&amp;Save matrix</source>
        <translation>&amp;Save matrix</translation>
    </message>
    <message>
        <source>No matrix here yet: parts follow the category&apos;s, then the brand&apos;s, then the shop-wide matrix of this level.</source>
        <translation>No matrix here yet: parts follow the category&apos;s, then the brand&apos;s, then the shop-wide matrix of this level.</translation>
    </message>
    <message>
        <source>Sell price = cost × (100 + markup) / 100, rounded: {rule}.</source>
        <translation>Sell price = cost × (100 + markup) / 100, rounded: {rule}.</translation>
    </message>
    <message>
        <source>Matrix saved; Preview on the Reprice tab to apply it</source>
        <translation>Matrix saved; Preview on the Reprice tab to apply it</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>&amp;Keep</source>
        <translation>&amp;Keep</translation>
    </message>
</context>
<context>
    <name>MonthlyDashboard</name>
    <message>
        <source>◀</source>
        <extracomment>what the report adds up: a change to any of it makes the month on show add up again</extracomment>
        <translation>◀</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation>Previous month</translation>
    </message>
    <message>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <source>Next month</source>
        <translation>Next month</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>Save as &amp;PDF…</translation>
    </message>
    <message>
        <source>Save as &amp;Excel…</source>
        <translation>Save as &amp;Excel…</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>Month:</translation>
    </message>
    <message>
        <source>All figures</source>
        <translation>All figures</translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation>Top customers</translation>
    </message>
    <message>
        <source>Top parts</source>
        <translation>Top parts</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>Technicians</translation>
    </message>
    <message>
        <source>By make</source>
        <translation>By make</translation>
    </message>
    <message>
        <source>By city</source>
        <translation>By city</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation type="unfinished">Receivables</translation>
    </message>
    <message>
        <source>Slow movers</source>
        <translation>Slow movers</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>Comebacks by technician</source>
        <translation>Comebacks by technician</translation>
    </message>
    <message>
        <source>Comebacks by part</source>
        <translation>Comebacks by part</translation>
    </message>
    <message>
        <source>Adding up {month}…</source>
        <translation>Adding up {month}…</translation>
    </message>
    <message>
        <source>Monthly report</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <source>{month} against {previous} and {last_year}</source>
        <translation>{month} against {previous} and {last_year}</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Figure</translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished">Change</translation>
    </message>
    <message>
        <source>Customer grades today: {grades}.</source>
        <translation>Customer grades today: {grades}.</translation>
    </message>
    <message>
        <source>Revenue by kind</source>
        <translation>Revenue by kind</translation>
    </message>
    <message>
        <source>Revenue by day (1st to last)</source>
        <translation>Revenue by day (1st to last)</translation>
    </message>
    <message>
        <source>Technicians&apos; hours</source>
        <translation>Technicians&apos; hours</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Sold</translation>
    </message>
    <message>
        <source>Clocked</source>
        <translation>Clocked</translation>
    </message>
    <message>
        <source>No invoices stand behind that line</source>
        <translation>No invoices stand behind that line</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>Saved {file}</translation>
    </message>
    <message>
        <source>Save the monthly report as PDF</source>
        <translation>Save the monthly report as PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished">PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save the monthly report as Excel</source>
        <translation>Save the monthly report as Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished">Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>NotForYourRole</name>
    <message>
        <source>The monthly reports are for the owner. Ask the owner to sign in to see them.</source>
        <translation>The monthly reports are for the owner. Ask the owner to sign in to see them.</translation>
    </message>
</context>
<context>
    <name>NumberingPage</name>
    <message>
        <source>Invoice numbers</source>
        <translation>Invoice numbers</translation>
    </message>
    <message>
        <source>Numbers run without gaps, starting again at 1 each year. Coming from another system? Start where it stopped.</source>
        <translation>Numbers run without gaps, starting again at 1 each year. Coming from another system? Start where it stopped.</translation>
    </message>
    <message>
        <source>Invoice &amp;prefix</source>
        <translation type="unfinished">Invoice &amp;prefix</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>&amp;First invoice number</source>
        <translation>&amp;First invoice number</translation>
    </message>
    <message>
        <source>First invoice</source>
        <translation>First invoice</translation>
    </message>
    <message>
        <source>First credit note</source>
        <translation>First credit note</translation>
    </message>
    <message>
        <source>The prefix is up to 12 letters, digits, / or -.</source>
        <translation>The prefix is up to 12 letters, digits, / or -.</translation>
    </message>
</context>
<context>
    <name>OdometerDialog</name>
    <message>
        <source>&amp;Reading</source>
        <translation>&amp;Reading</translation>
    </message>
    <message>
        <source>Read &amp;on</source>
        <translation>Read &amp;on</translation>
    </message>
    <message>
        <source>Reason if &amp;lower</source>
        <translation type="unfinished">Reason if &amp;lower</translation>
    </message>
    <message>
        <source>only when lower than the last reading</source>
        <translation>only when lower than the last reading</translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Still to come</source>
        <translation>Still to come</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>Unit cost</translation>
    </message>
    <message>
        <source>Receiving now</source>
        <translation>Receiving now</translation>
    </message>
    <message>
        <source>How many each scan or entry counts for</source>
        <translation>How many each scan or entry counts for</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Supplier&apos;s invoice no.</source>
        <translation>Supplier&apos;s invoice no.</translation>
    </message>
    <message>
        <source>&amp;Create a part with it…</source>
        <translation>&amp;Create a part with it…</translation>
    </message>
    <message>
        <source>&amp;Link it to a part…</source>
        <translation type="unfinished">&amp;Link it to a part…</translation>
    </message>
    <message>
        <source>&amp;Send order</source>
        <translation>&amp;Send order</translation>
    </message>
    <message>
        <source>&amp;Book receipt</source>
        <translation>&amp;Book receipt</translation>
    </message>
    <message>
        <source>Cancel &amp;order</source>
        <translation>Cancel &amp;order</translation>
    </message>
    <message>
        <source>Unit &amp;cost…</source>
        <translation>Unit &amp;cost…</translation>
    </message>
    <message>
        <source>Change the selected line&apos;s unit cost for this delivery (the supplier&apos;s invoice price)</source>
        <translation>Change the selected line&apos;s unit cost for this delivery (the supplier&apos;s invoice price)</translation>
    </message>
    <message>
        <source>&amp;Print PDF</source>
        <translation>&amp;Print PDF</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Purchase order {number}</source>
        <translation>Purchase order {number}</translation>
    </message>
    <message>
        <source>Scan or type a SKU to add it to the order</source>
        <translation>Scan or type a SKU to add it to the order</translation>
    </message>
    <message>
        <source>Scan each part as it comes out of the box</source>
        <translation>Scan each part as it comes out of the box</translation>
    </message>
    <message>
        <source>Received {lines} line(s) on {number}</source>
        <translation>Received {lines} line(s) on {number}</translation>
    </message>
    <message>
        <source>{cost} (ordered at {ordered})</source>
        <translation>{cost} (ordered at {ordered})</translation>
    </message>
    <message>
        <source>Unit cost of {sku} on this delivery:</source>
        <translation>Unit cost of {sku} on this delivery:</translation>
    </message>
    <message>
        <source>Unusual cost</source>
        <translation>Unusual cost</translation>
    </message>
    <message>
        <source>{message}

Book the delivery at this cost?</source>
        <translation>{message}

Book the delivery at this cost?</translation>
    </message>
    <message>
        <source>Select a line first</source>
        <translation>Select a line first</translation>
    </message>
    <message>
        <source>No part has the code {code}:</source>
        <translation>No part has the code {code}:</translation>
    </message>
    <message>
        <source>Link barcode</source>
        <translation type="unfinished">Link barcode</translation>
    </message>
    <message>
        <source>Part with the code {code} (pick one, or type its SKU):</source>
        <translation>Part with the code {code} (pick one, or type its SKU):</translation>
    </message>
    <message>
        <source>No such part; the code was not linked</source>
        <translation type="unfinished">No such part; the code was not linked</translation>
    </message>
    <message>
        <source>{code} now finds {sku} {name}</source>
        <translation>{code} now finds {sku} {name}</translation>
    </message>
    <message>
        <source>{number} saved to {path}</source>
        <translation>{number} saved to {path}</translation>
    </message>
</context>
<context>
    <name>OrderEditor</name>
    <message>
        <source>&amp;Save concerns</source>
        <translation>&amp;Save concerns</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>Item, e.g. Front brake pads</source>
        <translation>Item, e.g. Front brake pads</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <source>Part no. / barcode</source>
        <translation>Part no. / barcode</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished">Kind</translation>
    </message>
    <message>
        <source>Qty / h</source>
        <translation>Qty / h</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Disc.</source>
        <translation>Disc.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished">Amount</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation type="unfinished">Technician</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>declined</translation>
    </message>
    <message>
        <source>in person</source>
        <translation>in person</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>phone</translation>
    </message>
    <message>
        <source>message</source>
        <translation>message</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>Add recommended work</source>
        <translation>Add recommended work</translation>
    </message>
    <message>
        <source>Co&amp;ncerns and inspection</source>
        <translation>Co&amp;ncerns and inspection</translation>
    </message>
    <message>
        <source>No concerns written</source>
        <translation>No concerns written</translation>
    </message>
    <message>
        <source>Findings: {count}</source>
        <translation>Findings: {count}</translation>
    </message>
    <message>
        <source>Customer&apos;s concerns</source>
        <translation>Customer&apos;s concerns</translation>
    </message>
    <message>
        <source>In the customer&apos;s own words</source>
        <translation>In the customer&apos;s own words</translation>
    </message>
    <message>
        <source>Add finding</source>
        <translation>Add finding</translation>
    </message>
    <message>
        <source>Add to esti&amp;mate</source>
        <translation>Add to esti&amp;mate</translation>
    </message>
    <message>
        <source>The selected finding (else the most urgent one not on the estimate yet) as a new line: type its price, Enter adds it</source>
        <translation>The selected finding (else the most urgent one not on the estimate yet) as a new line: type its price, Enter adds it</translation>
    </message>
    <message>
        <source>Qty / hours</source>
        <translation>Qty / hours</translation>
    </message>
    <message>
        <source>Price (blank: list / rate)</source>
        <translation>Price (blank: list / rate)</translation>
    </message>
    <message>
        <source>Disc. %</source>
        <translation>Disc. %</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation>&amp;Add line</translation>
    </message>
    <message>
        <source>Add pac&amp;kage</source>
        <translation>Add pac&amp;kage</translation>
    </message>
    <message>
        <source>Assi&amp;gn technician</source>
        <translation>Assi&amp;gn technician</translation>
    </message>
    <message>
        <source>Mark declined</source>
        <translation>Mark declined</translation>
    </message>
    <message>
        <source>Customer answered b&amp;y</source>
        <translation>Customer answered b&amp;y</translation>
    </message>
    <message>
        <source>Record approva&amp;l</source>
        <translation>Record approva&amp;l</translation>
    </message>
    <message>
        <source>Res&amp;ume work</source>
        <translation>Res&amp;ume work</translation>
    </message>
    <message>
        <source>Jo&amp;b done</source>
        <translation>Jo&amp;b done</translation>
    </message>
    <message>
        <source>Print &amp;estimate…</source>
        <translation>Print &amp;estimate…</translation>
    </message>
    <message>
        <source>Print &amp;job card…</source>
        <translation>Print &amp;job card…</translation>
    </message>
    <message>
        <source>Cl&amp;ock off (F9)</source>
        <translation>Cl&amp;ock off (F9)</translation>
    </message>
    <message>
        <source>Print the car&apos;s service history</source>
        <translation>Print the car&apos;s service history</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>&amp;Estimate</source>
        <translation>&amp;Estimate</translation>
    </message>
    <message>
        <source>&amp;Job card</source>
        <translation>&amp;Job card</translation>
    </message>
    <message>
        <source>Service &amp;history</source>
        <translation>Service &amp;history</translation>
    </message>
    <message>
        <source>Print the estimate</source>
        <translation>Print the estimate</translation>
    </message>
    <message>
        <source>Print the job card</source>
        <translation>Print the job card</translation>
    </message>
    <message>
        <source>Ctrl+D: the customer said no to the selected line</source>
        <translation>Ctrl+D: the customer said no to the selected line</translation>
    </message>
    <message>
        <source>Remo&amp;ve line</source>
        <translation>Remo&amp;ve line</translation>
    </message>
    <message>
        <source>Part fi&amp;tted</source>
        <translation>Part fi&amp;tted</translation>
    </message>
    <message>
        <source>The selected approved part is on the car (it leaves stock now if the shop books parts when fitted)</source>
        <translation>The selected approved part is on the car (it leaves stock now if the shop books parts when fitted)</translation>
    </message>
    <message>
        <source>Package:</source>
        <translation>Package:</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A: every waiting line approved except the ones marked declined</source>
        <translation>Ctrl+Shift+A: every waiting line approved except the ones marked declined</translation>
    </message>
    <message>
        <source>Clock &amp;on (F9)</source>
        <translation>Clock &amp;on (F9)</translation>
    </message>
    <message>
        <source>&amp;Waiting for parts</source>
        <translation>&amp;Waiting for parts</translation>
    </message>
    <message>
        <source>Make &amp;invoice</source>
        <translation>Make &amp;invoice</translation>
    </message>
    <message>
        <source>&amp;Collected</source>
        <translation>&amp;Collected</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Cancel order</translation>
    </message>
    <message>
        <source>Service history…</source>
        <translation>Service history…</translation>
    </message>
    <message>
        <source>Save the customer&apos;s concerns</source>
        <translation>Save the customer&apos;s concerns</translation>
    </message>
    <message>
        <source>New estimate line (cursor to Description)</source>
        <translation>New estimate line (cursor to Description)</translation>
    </message>
    <message>
        <source>Mark the selected line declined (again: undo)</source>
        <translation>Mark the selected line declined (again: undo)</translation>
    </message>
    <message>
        <source>Record the customer&apos;s answer</source>
        <translation>Record the customer&apos;s answer</translation>
    </message>
    <message>
        <source>Clock on or off this job</source>
        <translation>Clock on or off this job</translation>
    </message>
    <message>
        <source>Job done</source>
        <translation>Job done</translation>
    </message>
    <message>
        <source>No repair order selected</source>
        <translation>No repair order selected</translation>
    </message>
    <message>
        <source>Choose one in the list (Enter opens it), or check a car in: Walk-in by plate (Ctrl+Shift+R) or New repair order on the customer&apos;s file (Ctrl+R).</source>
        <translation>Choose one in the list (Enter opens it), or check a car in: Walk-in by plate (Ctrl+Shift+R) or New repair order on the customer&apos;s file (Ctrl+R).</translation>
    </message>
    <message>
        <source>{display_name} · {plate} {car}{odo} · opened {datetime}</source>
        <translation>{display_name} · {plate} {car}{odo} · opened {datetime}</translation>
    </message>
    <message>
        <source>Recommended at an earlier visit (declined then): {work}</source>
        <translation>Recommended at an earlier visit (declined then): {work}</translation>
    </message>
    <message>
        <source>declining…</source>
        <translation>declining…</translation>
    </message>
    <message>
        <source>Approved {money} · waiting {money2} · declined {money3} · labour sold {quantity} h</source>
        <translation>Approved {money} · waiting {money2} · declined {money3} · labour sold {quantity} h</translation>
    </message>
    <message>
        <source>(no technician)</source>
        <translation>(no technician)</translation>
    </message>
    <message>
        <source>{package} by {date} or {km} km</source>
        <translation>{package} by {date} or {km} km</translation>
    </message>
    <message>
        <source>{package} by {date}</source>
        <translation>{package} by {date}</translation>
    </message>
    <message>
        <source>OVERDUE {service}</source>
        <translation>OVERDUE {service}</translation>
    </message>
    <message>
        <source>Next services: {services}</source>
        <translation>Next services: {services}</translation>
    </message>
    <message>
        <source>Open &amp;invoice</source>
        <translation>Open &amp;invoice</translation>
    </message>
    <message>
        <source>Inspection found: {findings}</source>
        <translation>Inspection found: {findings}</translation>
    </message>
    <message>
        <source>Concerns saved</source>
        <translation>Concerns saved</translation>
    </message>
    <message>
        <source>No finding of the inspection needs work: choose one marked soon or urgent</source>
        <translation>No finding of the inspection needs work: choose one marked soon or urgent</translation>
    </message>
    <message>
        <source>Line added</source>
        <translation>Line added</translation>
    </message>
    <message>
        <source>Package added</source>
        <translation>Package added</translation>
    </message>
    <message>
        <source>Part fitted</source>
        <translation>Part fitted</translation>
    </message>
    <message>
        <source>Customer&apos;s answer recorded</source>
        <translation>Customer&apos;s answer recorded</translation>
    </message>
    <message>
        <source>Recommended work added</source>
        <translation>Recommended work added</translation>
    </message>
    <message>
        <source>Clocked off</source>
        <translation>Clocked off</translation>
    </message>
    <message>
        <source>Clocked on</source>
        <translation>Clocked on</translation>
    </message>
    <message>
        <source>Draft invoice made</source>
        <translation>Draft invoice made</translation>
    </message>
    <message>
        <source>Choose a repair order first</source>
        <translation>Choose a repair order first</translation>
    </message>
    <message>
        <source>{number} is not invoiced yet: finish the job, then make the invoice (Alt+I)</source>
        <translation>{number} is not invoiced yet: finish the job, then make the invoice (Alt+I)</translation>
    </message>
    <message>
        <source>Saved {value}</source>
        <translation>Saved {value}</translation>
    </message>
    <message>
        <source>{number}: sent to the printer</source>
        <translation>{number}: sent to the printer</translation>
    </message>
    <message>
        <source>Saved {saved}</source>
        <translation>Saved {saved}</translation>
    </message>
</context>
<context>
    <name>OwnerApprovalDialog</name>
    <message>
        <source>Owner&apos;s approval</source>
        <translation>Owner&apos;s approval</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <source>{refusal}

The owner can approve it here with their password.</source>
        <translation>{refusal}

The owner can approve it here with their password.</translation>
    </message>
    <message>
        <source>Owner&apos;s &amp;username</source>
        <translation>Owner&apos;s &amp;username</translation>
    </message>
    <message>
        <source>Owner&apos;s &amp;password</source>
        <translation>Owner&apos;s &amp;password</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <source>The owner&apos;s account</source>
        <translation type="unfinished">The owner&apos;s account</translation>
    </message>
    <message>
        <source>The owner manages staff accounts, prices, settings and reports. Clerks and technicians get their own accounts later in Settings.</source>
        <translation>The owner manages staff accounts, prices, settings and reports. Clerks and technicians get their own accounts later in Settings.</translation>
    </message>
    <message>
        <source>used to sign in, e.g. maria</source>
        <translation>used to sign in, e.g. maria</translation>
    </message>
    <message>
        <source>At least {n} characters; a phrase of a few words is easy to remember and hard to guess.</source>
        <translation>At least {n} characters; a phrase of a few words is easy to remember and hard to guess.</translation>
    </message>
    <message>
        <source>&amp;Your name</source>
        <translation>&amp;Your name</translation>
    </message>
    <message>
        <source>&amp;Username *</source>
        <translation type="unfinished">&amp;Username *</translation>
    </message>
    <message>
        <source>Pass&amp;word *</source>
        <translation type="unfinished">Pass&amp;word *</translation>
    </message>
    <message>
        <source>Password a&amp;gain *</source>
        <translation>Password a&amp;gain *</translation>
    </message>
    <message>
        <source>Choose a username: letters, digits, dots, dashes or underscores.</source>
        <translation>Choose a username: letters, digits, dots, dashes or underscores.</translation>
    </message>
    <message>
        <source>The two passwords differ: type it again.</source>
        <translation>The two passwords differ: type it again.</translation>
    </message>
</context>
<context>
    <name>PackageDialog</name>
    <message>
        <source>Package</source>
        <translation type="unfinished">Package</translation>
    </message>
    <message>
        <source>Package {name}</source>
        <translation>Package {name}</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished">&amp;Name</translation>
    </message>
    <message>
        <source>Desc&amp;ription</source>
        <translation>Desc&amp;ription</translation>
    </message>
    <message>
        <source>Make (empty: any)</source>
        <translation>Make (empty: any)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished">Model</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished">Engine</translation>
    </message>
    <message>
        <source>&amp;Cars</source>
        <translation>&amp;Cars</translation>
    </message>
    <message>
        <source>from</source>
        <translation>from</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">to</translation>
    </message>
    <message>
        <source>&amp;Years</source>
        <translation>&amp;Years</translation>
    </message>
    <message>
        <source>&amp;Fuel (none: any)</source>
        <translation>&amp;Fuel (none: any)</translation>
    </message>
    <message>
        <source>km</source>
        <translation type="unfinished">km</translation>
    </message>
    <message>
        <source>months</source>
        <translation type="unfinished">months</translation>
    </message>
    <message>
        <source>E&amp;very (km / months)</source>
        <translation>E&amp;very (km / months)</translation>
    </message>
    <message>
        <source>MM-DD</source>
        <translation>MM-DD</translation>
    </message>
    <message>
        <source>Sea&amp;son (from / to)</source>
        <translation>Sea&amp;son (from / to)</translation>
    </message>
    <message>
        <source>Fixed &amp;price</source>
        <translation>Fixed &amp;price</translation>
    </message>
    <message>
        <source>Empty: the sum of the lines</source>
        <translation>Empty: the sum of the lines</translation>
    </message>
    <message>
        <source>Part no. or scan</source>
        <translation>Part no. or scan</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>Qty / hours</source>
        <translation type="unfinished">Qty / hours</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation type="unfinished">Hours</translation>
    </message>
    <message>
        <source>Price (empty: list)</source>
        <translation>Price (empty: list)</translation>
    </message>
    <message>
        <source>Add line (Alt+L)</source>
        <translation>Add line (Alt+L)</translation>
    </message>
    <message>
        <source>L&amp;ines</source>
        <translation>L&amp;ines</translation>
    </message>
    <message>
        <source>Alt+L or Insert adds the line; Delete removes the line selected.</source>
        <translation>Alt+L or Insert adds the line; Delete removes the line selected.</translation>
    </message>
    <message>
        <source>Add the line typed to the package</source>
        <translation>Add the line typed to the package</translation>
    </message>
    <message>
        <source>Remove the package line selected</source>
        <translation>Remove the package line selected</translation>
    </message>
    <message>
        <source>No part has the number or barcode {code}</source>
        <translation type="unfinished">No part has the number or barcode {code}</translation>
    </message>
    <message>
        <source>Describe the line or give a part number</source>
        <translation>Describe the line or give a part number</translation>
    </message>
    <message>
        <source>{text} is not a number (0 or more)</source>
        <translation>{text} is not a number (0 or more)</translation>
    </message>
</context>
<context>
    <name>PackagesFile</name>
    <message>
        <source>Package</source>
        <translation type="unfinished">Package</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>Make</source>
        <translation type="unfinished">Make</translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished">Model</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished">Engine</translation>
    </message>
    <message>
        <source>Year from</source>
        <translation>Year from</translation>
    </message>
    <message>
        <source>Year to</source>
        <translation>Year to</translation>
    </message>
    <message>
        <source>Fuels</source>
        <translation>Fuels</translation>
    </message>
    <message>
        <source>Every km</source>
        <translation>Every km</translation>
    </message>
    <message>
        <source>Every months</source>
        <translation>Every months</translation>
    </message>
    <message>
        <source>Season from</source>
        <translation>Season from</translation>
    </message>
    <message>
        <source>Season to</source>
        <translation>Season to</translation>
    </message>
    <message>
        <source>Fixed price</source>
        <translation>Fixed price</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation type="unfinished">Archived</translation>
    </message>
    <message>
        <source>Line kind</source>
        <translation>Line kind</translation>
    </message>
    <message>
        <source>Line description</source>
        <translation>Line description</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished">SKU</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished">Quantity</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation type="unfinished">Hours</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished">Unit price</translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished">yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished">no</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Packages</translation>
    </message>
    <message>
        <source>Dry run: nothing was written.</source>
        <translation>Dry run: nothing was written.</translation>
    </message>
    <message>
        <source>Would create {count} package(s)</source>
        <translation>Would create {count} package(s)</translation>
    </message>
    <message>
        <source>Would change {count} package(s)</source>
        <translation>Would change {count} package(s)</translation>
    </message>
    <message>
        <source>Created {count} package(s)</source>
        <translation>Created {count} package(s)</translation>
    </message>
    <message>
        <source>Changed {count} package(s)</source>
        <translation>Changed {count} package(s)</translation>
    </message>
    <message>
        <source>{count} package(s) unchanged</source>
        <translation>{count} package(s) unchanged</translation>
    </message>
</context>
<context>
    <name>PackagesPage</name>
    <message>
        <source>Labour</source>
        <translation type="unfinished">Labour</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation type="unfinished">Fee</translation>
    </message>
    <message>
        <source>Package</source>
        <translation type="unfinished">Package</translation>
    </message>
    <message>
        <source>Which cars</source>
        <translation>Which cars</translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished">Due</translation>
    </message>
    <message>
        <source>Season</source>
        <translation type="unfinished">Season</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished">Kind</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>Qty / hours</source>
        <translation type="unfinished">Qty / hours</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation type="unfinished">Hours</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished">Unit price</translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished">, </translation>
    </message>
    <message>
        <source>; </source>
        <translation type="unfinished">; </translation>
    </message>
    <message>
        <source>Any car</source>
        <translation>Any car</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation type="unfinished">{km} km</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation type="unfinished">{months} months</translation>
    </message>
    <message>
        <source>every {km} or {months}</source>
        <translation>every {km} or {months}</translation>
    </message>
    <message>
        <source>every {what}</source>
        <translation>every {what}</translation>
    </message>
    <message>
        <source>Find a package</source>
        <translation>Find a package</translation>
    </message>
    <message>
        <source>Show arch&amp;ived</source>
        <translation>Show arch&amp;ived</translation>
    </message>
    <message>
        <source>&amp;New package…</source>
        <translation>&amp;New package…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>&amp;Archive</translation>
    </message>
    <message>
        <source>Repair or&amp;ders</source>
        <translation>Repair or&amp;ders</translation>
    </message>
    <message>
        <source>Back to the repair orders</source>
        <translation>Back to the repair orders</translation>
    </message>
    <message>
        <source>New maintenance package</source>
        <translation>New maintenance package</translation>
    </message>
    <message>
        <source>sum of lines: {amount}</source>
        <translation>sum of lines: {amount}</translation>
    </message>
    <message>
        <source>Rest&amp;ore</source>
        <translation>Rest&amp;ore</translation>
    </message>
    <message>
        <source>Bring back the package {name}?</source>
        <translation>Bring back the package {name}?</translation>
    </message>
    <message>
        <source>Archive the package {name}? It is no longer offered or reminded; orders that had it keep its name.</source>
        <translation>Archive the package {name}? It is no longer offered or reminded; orders that had it keep its name.</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation type="unfinished">Packages</translation>
    </message>
</context>
<context>
    <name>PartDialog</name>
    <message>
        <source>Part {sku}</source>
        <translation>Part {sku}</translation>
    </message>
    <message>
        <source>New part</source>
        <translation>New part</translation>
    </message>
    <message>
        <source>Scan the box; several codes separated by commas</source>
        <translation>Scan the box; several codes separated by commas</translation>
    </message>
    <message>
        <source>&amp;SKU</source>
        <translation>&amp;SKU</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished">&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Brand</source>
        <translation type="unfinished">&amp;Brand</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation type="unfinished">&amp;Category</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <source>Barc&amp;odes</source>
        <translation>Barc&amp;odes</translation>
    </message>
    <message>
        <source>&amp;Retail price</source>
        <translation>&amp;Retail price</translation>
    </message>
    <message>
        <source>Avera&amp;ge cost</source>
        <translation>Avera&amp;ge cost</translation>
    </message>
    <message>
        <source>&amp;Trade price</source>
        <translation>&amp;Trade price</translation>
    </message>
    <message>
        <source>Ta&amp;x class</source>
        <translation>Ta&amp;x class</translation>
    </message>
    <message>
        <source>B&amp;in</source>
        <translation>B&amp;in</translation>
    </message>
    <message>
        <source>Reorder &amp;at</source>
        <translation>Reorder &amp;at</translation>
    </message>
    <message>
        <source>Reorder &amp;quantity</source>
        <translation>Reorder &amp;quantity</translation>
    </message>
    <message>
        <source>Su&amp;pplier</source>
        <translation>Su&amp;pplier</translation>
    </message>
    <message>
        <source>Set once; receipts move it as a moving average</source>
        <translation>Set once; receipts move it as a moving average</translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished">none</translation>
    </message>
    <message>
        <source>Charged as its own line with each one sold; refunded when the old unit comes back</source>
        <translation>Charged as its own line with each one sold; refunded when the old unit comes back</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>no limit</translation>
    </message>
    <message>
        <source>Core d&amp;eposit</source>
        <translation>Core d&amp;eposit</translation>
    </message>
    <message>
        <source>&amp;Warranty months</source>
        <translation>&amp;Warranty months</translation>
    </message>
    <message>
        <source>Warranty k&amp;m</source>
        <translation>Warranty k&amp;m</translation>
    </message>
</context>
<context>
    <name>PartForms</name>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>PartsScreen</name>
    <message>
        <source>Active parts</source>
        <translation>Active parts</translation>
    </message>
    <message>
        <source>Low stock (at or below reorder point)</source>
        <translation>Low stock (at or below reorder point)</translation>
    </message>
    <message>
        <source>Negative stock</source>
        <translation>Negative stock</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation type="unfinished">Archived</translation>
    </message>
    <message>
        <source>All parts</source>
        <translation>All parts</translation>
    </message>
    <message>
        <source>Scan a barcode, or type SKU, name or brand…</source>
        <translation>Scan a barcode, or type SKU, name or brand…</translation>
    </message>
    <message>
        <source>&amp;New part</source>
        <translation>&amp;New part</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished">&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Adjust stock</source>
        <translation>&amp;Adjust stock</translation>
    </message>
    <message>
        <source>&amp;Labels…</source>
        <translation>&amp;Labels…</translation>
    </message>
    <message>
        <source>Stock-&amp;take…</source>
        <translation>Stock-&amp;take…</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>&amp;More</translation>
    </message>
    <message>
        <source>&amp;Return to supplier…</source>
        <translation>&amp;Return to supplier…</translation>
    </message>
    <message>
        <source>Change &amp;prices…</source>
        <translation>Change &amp;prices…</translation>
    </message>
    <message>
        <source>Pricing and &amp;markup…</source>
        <translation>Pricing and &amp;markup…</translation>
    </message>
    <message>
        <source>Invent&amp;ory insights…</source>
        <translation>Invent&amp;ory insights…</translation>
    </message>
    <message>
        <source>&amp;Import from a spreadsheet…</source>
        <translation>&amp;Import from a spreadsheet…</translation>
    </message>
    <message>
        <source>Archi&amp;ve / bring back</source>
        <translation>Archi&amp;ve / bring back</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation type="unfinished">Parts</translation>
    </message>
    <message>
        <source>Select a part to see its stock movements.</source>
        <translation>Select a part to see its stock movements.</translation>
    </message>
    <message>
        <source>New part</source>
        <translation type="unfinished">New part</translation>
    </message>
    <message>
        <source>No part matches</source>
        <translation>No part matches</translation>
    </message>
    <message>
        <source>Check the code, or add the part with New part (Ctrl+N).</source>
        <translation>Check the code, or add the part with New part (Ctrl+N).</translation>
    </message>
    <message>
        <source>No parts here</source>
        <translation>No parts here</translation>
    </message>
    <message>
        <source>Add one with New part (Ctrl+N), or bring a price list in with More → Import from a spreadsheet…; other parts may be under another filter above.</source>
        <translation>Add one with New part (Ctrl+N), or bring a price list in with More → Import from a spreadsheet…; other parts may be under another filter above.</translation>
    </message>
    <message>
        <source>Found {sku} {name}</source>
        <translation>Found {sku} {name}</translation>
    </message>
    <message>
        <source>&amp;Create a part with it</source>
        <translation>&amp;Create a part with it</translation>
    </message>
    <message>
        <source>&amp;Link it to a part…</source>
        <translation>&amp;Link it to a part…</translation>
    </message>
    <message>
        <source>Link barcode</source>
        <translation>Link barcode</translation>
    </message>
    <message>
        <source>SKU of the part with {code}:</source>
        <translation>SKU of the part with {code}:</translation>
    </message>
    <message>
        <source>No part has the code {code}</source>
        <translation>No part has the code {code}</translation>
    </message>
    <message>
        <source>No such part; the code was not linked</source>
        <translation>No such part; the code was not linked</translation>
    </message>
    <message>
        <source>Barcode not linked</source>
        <translation>Barcode not linked</translation>
    </message>
    <message>
        <source>No part selected.</source>
        <translation>No part selected.</translation>
    </message>
    <message>
        <source>  ⚠ negative stock</source>
        <translation>  ⚠ negative stock</translation>
    </message>
    <message>
        <source>{sku} · {name} — {on_hand} {unit} on hand, {on_order} on order{flag}</source>
        <translation>{sku} · {name} — {on_hand} {unit} on hand, {on_order} on order{flag}</translation>
    </message>
    <message>
        <source>Stock at cost: {money}</source>
        <translation>Stock at cost: {money}</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Take payment – {name}</source>
        <translation>Take payment – {name}</translation>
    </message>
    <message>
        <source>Take payment – {number}</source>
        <translation>Take payment – {number}</translation>
    </message>
    <message>
        <source>{number}  ·  {date}  ·  {due} due</source>
        <translation>{number}  ·  {date}  ·  {due} due</translation>
    </message>
    <message>
        <source>All open &amp;invoices ({count})</source>
        <translation>All open &amp;invoices ({count})</translation>
    </message>
    <message>
        <source>{label} ({money})</source>
        <translation>{label} ({money})</translation>
    </message>
    <message>
        <source>Handed &amp;over</source>
        <translation>Handed &amp;over</translation>
    </message>
    <message>
        <source>Still due after this</source>
        <translation>Still due after this</translation>
    </message>
    <message>
        <source>&amp;Split: pay the rest another way (Ctrl+Enter)</source>
        <translation>&amp;Split: pay the rest another way (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Take &amp;payment</source>
        <translation>Take &amp;payment</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Add this amount as part of a split payment</source>
        <translation>Add this amount as part of a split payment</translation>
    </message>
    <message>
        <source>Cas&amp;h</source>
        <translation>Cas&amp;h</translation>
    </message>
    <message>
        <source>Car&amp;d</source>
        <translation>Car&amp;d</translation>
    </message>
    <message>
        <source>Bank &amp;transfer</source>
        <translation>Bank &amp;transfer</translation>
    </message>
    <message>
        <source>Che&amp;que</source>
        <translation>Che&amp;que</translation>
    </message>
    <message>
        <source>Store cr&amp;edit</source>
        <translation>Store cr&amp;edit</translation>
    </message>
    <message>
        <source>&lt;b&gt;{customer_name}&lt;/b&gt;&lt;br&gt;Due: &lt;span style=&apos;font-size:16pt&apos;&gt;{money}&lt;/span&gt;</source>
        <translation>&lt;b&gt;{customer_name}&lt;/b&gt;&lt;br&gt;Due: &lt;span style=&apos;font-size:16pt&apos;&gt;{money}&lt;/span&gt;</translation>
    </message>
    <message>
        <source> ({count} invoices)</source>
        <translation> ({count} invoices)</translation>
    </message>
    <message>
        <source>Split so far: {parts}</source>
        <translation>Split so far: {parts}</translation>
    </message>
    <message>
        <source>{value} is not an amount of money</source>
        <translation type="unfinished">{value} is not an amount of money</translation>
    </message>
    <message>
        <source>A part of a split is less than the {due} to pay; Enter takes the whole payment</source>
        <translation>A part of a split is less than the {due} to pay; Enter takes the whole payment</translation>
    </message>
    <message>
        <source>Take cash last, for the change: pick the other way first</source>
        <translation>Take cash last, for the change: pick the other way first</translation>
    </message>
    <message>
        <source>notes handed over (optional)</source>
        <translation>notes handed over (optional)</translation>
    </message>
    <message>
        <source>card slip, cheque or transfer number</source>
        <translation>card slip, cheque or transfer number</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>&amp;Amount</translation>
    </message>
    <message>
        <source>&amp;Reference</source>
        <translation>&amp;Reference</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>not enough handed over</source>
        <translation>not enough handed over</translation>
    </message>
</context>
<context>
    <name>PricingDialog</name>
    <message>
        <source>Pricing and markup</source>
        <translation>Pricing and markup</translation>
    </message>
    <message>
        <source>&amp;Reprice</source>
        <translation>&amp;Reprice</translation>
    </message>
    <message>
        <source>&amp;Markup matrix</source>
        <translation>&amp;Markup matrix</translation>
    </message>
    <message>
        <source>Price &amp;levels</source>
        <translation>Price &amp;levels</translation>
    </message>
    <message>
        <source>Set by &amp;hand</source>
        <translation>Set by &amp;hand</translation>
    </message>
    <message>
        <source>Supplier &amp;catalogues</source>
        <translation>Supplier &amp;catalogues</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>COUNT SHEET</source>
        <translation>COUNT SHEET</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation type="unfinished">Bins</translation>
    </message>
    <message>
        <source>all</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished">Category</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation type="unfinished">Bin</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished">Unit</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished">Expected</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Counted</translation>
    </message>
    <message>
        <source>Counted by: ____________________   Date: ____________</source>
        <translation>Counted by: ____________________   Date: ____________</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>Tax ID {tax_id}</source>
        <translation>Tax ID {tax_id}</translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished">Number</translation>
    </message>
    <message>
        <source>{title} {number} (continued)</source>
        <translation>{title} {number} (continued)</translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished">Description</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished">Qty</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished">Unit price</translation>
    </message>
    <message>
        <source>Disc.</source>
        <translation>Disc.</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished">Amount</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Credits invoice</source>
        <translation>Credits invoice</translation>
    </message>
    <message>
        <source>Customer tax ID</source>
        <translation>Customer tax ID</translation>
    </message>
    <message>
        <source>Bill to</source>
        <translation>Bill to</translation>
    </message>
    <message>
        <source>Odometer {km}</source>
        <translation>Odometer {km}</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation type="unfinished">Vehicle</translation>
    </message>
    <message>
        <source>Subtotal (incl. tax)</source>
        <translation>Subtotal (incl. tax)</translation>
    </message>
    <message>
        <source>Subtotal (excl. tax)</source>
        <translation>Subtotal (excl. tax)</translation>
    </message>
    <message>
        <source>Discount {percent}</source>
        <translation>Discount {percent}</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>Net</translation>
    </message>
    <message>
        <source>Tax {rate} on {net}</source>
        <translation>Tax {rate} on {net}</translation>
    </message>
    <message>
        <source>Credit total</source>
        <translation>Credit total</translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished">Total</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>Credited</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>Amount due</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>Payment terms: {days} days net, due {date}.</source>
        <translation>Payment terms: {days} days net, due {date}.</translation>
    </message>
    <message>
        <source>Payment due on receipt.</source>
        <translation>Payment due on receipt.</translation>
    </message>
    <message>
        <source>Received with thanks: {payments}.</source>
        <translation>Received with thanks: {payments}.</translation>
    </message>
    <message>
        <source>ESTIMATE</source>
        <translation>ESTIMATE</translation>
    </message>
    <message>
        <source>CREDIT NOTE</source>
        <translation>CREDIT NOTE</translation>
    </message>
    <message>
        <source>INVOICE</source>
        <translation>INVOICE</translation>
    </message>
    <message>
        <source>VOID</source>
        <translation>VOID</translation>
    </message>
    <message>
        <source>DEMO SHOP</source>
        <translation>DEMO SHOP</translation>
    </message>
    <message>
        <source>(draft)</source>
        <translation>(draft)</translation>
    </message>
    <message>
        <source>A4 sheet, 3 x 8 labels of 70 x 37 mm</source>
        <translation>A4 sheet, 3 x 8 labels of 70 x 37 mm</translation>
    </message>
    <message>
        <source>Label printer, 57 x 32 mm</source>
        <translation>Label printer, 57 x 32 mm</translation>
    </message>
    <message>
        <source>Bin {bin}</source>
        <translation>Bin {bin}</translation>
    </message>
    <message>
        <source>Our account</source>
        <translation>Our account</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation type="unfinished">Terms</translation>
    </message>
    <message>
        <source>PURCHASE ORDER</source>
        <translation>PURCHASE ORDER</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished">Supplier</translation>
    </message>
    <message>
        <source>Deliver to</source>
        <translation>Deliver to</translation>
    </message>
    <message>
        <source>Our SKU</source>
        <translation>Our SKU</translation>
    </message>
    <message>
        <source>Your no.</source>
        <translation>Your no.</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation type="unfinished">Unit cost</translation>
    </message>
    <message>
        <source>Total (before tax)</source>
        <translation>Total (before tax)</translation>
    </message>
    <message>
        <source>Please quote our order number on your delivery note and invoice.</source>
        <translation>Please quote our order number on your delivery note and invoice.</translation>
    </message>
    <message>
        <source>DRAFT</source>
        <translation>DRAFT</translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished">Due</translation>
    </message>
    <message>
        <source>Work and parts</source>
        <translation>Work and parts</translation>
    </message>
    <message>
        <source>Qty / h</source>
        <translation>Qty / h</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>Part no.</source>
        <translation>Part no.</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation type="unfinished">Technician</translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished">Done</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>declined</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation type="unfinished">Promised</translation>
    </message>
    <message>
        <source>Inspection: {findings}.</source>
        <translation>Inspection: {findings}.</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Estimate total</source>
        <translation>Estimate total</translation>
    </message>
    <message>
        <source>Declined (not included)</source>
        <translation>Declined (not included)</translation>
    </message>
    <message>
        <source>Your concerns: {concerns}</source>
        <translation>Your concerns: {concerns}</translation>
    </message>
    <message>
        <source>I approve the work marked approved above and the estimate total. Signature: ________________  Date: __________</source>
        <translation>I approve the work marked approved above and the estimate total. Signature: ________________  Date: __________</translation>
    </message>
    <message>
        <source>Customer&apos;s concerns: {concerns}</source>
        <translation>Customer&apos;s concerns: {concerns}</translation>
    </message>
    <message>
        <source>JOB CARD</source>
        <translation>JOB CARD</translation>
    </message>
    <message>
        <source>Labour hours sold</source>
        <translation>Labour hours sold</translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished">Order</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation type="unfinished">Odometer</translation>
    </message>
    <message>
        <source>Work done</source>
        <translation>Work done</translation>
    </message>
    <message>
        <source>Parts fitted</source>
        <translation>Parts fitted</translation>
    </message>
    <message>
        <source>{service} by {date} or {km} km</source>
        <translation>{service} by {date} or {km} km</translation>
    </message>
    <message>
        <source>{service} by {date}</source>
        <translation>{service} by {date}</translation>
    </message>
    <message>
        <source>Recommended (declined earlier): {work}.</source>
        <translation>Recommended (declined earlier): {work}.</translation>
    </message>
    <message>
        <source>Next services: {services}.</source>
        <translation>Next services: {services}.</translation>
    </message>
    <message>
        <source>SERVICE HISTORY</source>
        <translation>SERVICE HISTORY</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished">Owner</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished">Reference</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Invoice</source>
        <extracomment>the words of each kind of entry (``StatementLine.kind``), in the documents&apos; language</extracomment>
        <translation type="unfinished">Invoice</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation type="unfinished">Credit note</translation>
    </message>
    <message>
        <source>Payment ({method})</source>
        <translation>Payment ({method})</translation>
    </message>
    <message>
        <source>Refund ({method})</source>
        <translation>Refund ({method})</translation>
    </message>
    <message>
        <source>Balance brought forward</source>
        <translation>Balance brought forward</translation>
    </message>
    <message>
        <source>Current</source>
        <translation type="unfinished">Current</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} days</translation>
    </message>
    <message>
        <source>Balance due</source>
        <translation>Balance due</translation>
    </message>
    <message>
        <source>STATEMENT</source>
        <translation>STATEMENT</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>Customer no.</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Please pay the balance due by its due dates. Thank you for your business.</source>
        <translation>Please pay the balance due by its due dates. Thank you for your business.</translation>
    </message>
    <message>
        <source>Revenue by kind</source>
        <extracomment>Bar colours: this month, previous month, last year (and the split&apos;s kinds).</extracomment>
        <translation type="unfinished">Revenue by kind</translation>
    </message>
    <message>
        <source>Revenue by day, {month}</source>
        <translation>Revenue by day, {month}</translation>
    </message>
    <message>
        <source>Technicians&apos; hours, {month}</source>
        <translation>Technicians&apos; hours, {month}</translation>
    </message>
    <message>
        <source>Hours sold</source>
        <translation>Hours sold</translation>
    </message>
    <message>
        <source>Hours clocked</source>
        <translation>Hours clocked</translation>
    </message>
    <message>
        <source>Nothing this month</source>
        <translation>Nothing this month</translation>
    </message>
    <message>
        <source>MONTHLY REPORT</source>
        <translation>MONTHLY REPORT</translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished">Month</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation type="unfinished">Previous month</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Last year</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Made</translation>
    </message>
    <message>
        <source>Customer grades today — {grades}.</source>
        <translation>Customer grades today — {grades}.</translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished">none</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Sales</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished">Customers</translation>
    </message>
    <message>
        <source>Workshop</source>
        <translation>Workshop</translation>
    </message>
    <message>
        <source>Stock and receivables</source>
        <translation>Stock and receivables</translation>
    </message>
    <message>
        <source>Customer care</source>
        <translation>Customer care</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation type="unfinished">{months} months</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>Warranty from {date} at {km} km, whichever limit comes first:</source>
        <translation>Warranty from {date} at {km} km, whichever limit comes first:</translation>
    </message>
    <message>
        <source>Warranty from {date}, whichever limit comes first:</source>
        <translation>Warranty from {date}, whichever limit comes first:</translation>
    </message>
    <message>
        <source>{items} and {count} more</source>
        <translation>{items} and {count} more</translation>
    </message>
</context>
<context>
    <name>PurchasingScreen</name>
    <message>
        <source>&amp;New order…</source>
        <translation>&amp;New order…</translation>
    </message>
    <message>
        <source>No purchase orders here</source>
        <translation>No purchase orders here</translation>
    </message>
    <message>
        <source>Start one with New order…, or let the Reorder suggestions tab draft them.</source>
        <translation>Start one with New order…, or let the Reorder suggestions tab draft them.</translation>
    </message>
    <message>
        <source>Purchase orders</source>
        <translation>Purchase orders</translation>
    </message>
    <message>
        <source>Purchase &amp;orders</source>
        <translation>Purchase &amp;orders</translation>
    </message>
    <message>
        <source>Open / re&amp;ceive</source>
        <translation>Open / re&amp;ceive</translation>
    </message>
    <message>
        <source>R&amp;efresh</source>
        <translation>R&amp;efresh</translation>
    </message>
    <message>
        <source>Create dr&amp;aft orders</source>
        <translation>Create dr&amp;aft orders</translation>
    </message>
    <message>
        <source>One draft per supplier for the selected lines (all lines if none is selected)</source>
        <translation>One draft per supplier for the selected lines (all lines if none is selected)</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>On hand</translation>
    </message>
    <message>
        <source>On order</source>
        <translation>On order</translation>
    </message>
    <message>
        <source>Reorder at</source>
        <translation>Reorder at</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Nothing to reorder</source>
        <translation>Nothing to reorder</translation>
    </message>
    <message>
        <source>Parts at or below their reorder point (set on each part) are suggested here.</source>
        <translation>Parts at or below their reorder point (set on each part) are suggested here.</translation>
    </message>
    <message>
        <source>Reorder suggestions</source>
        <translation>Reorder suggestions</translation>
    </message>
    <message>
        <source>&amp;Reorder suggestions</source>
        <translation>&amp;Reorder suggestions</translation>
    </message>
    <message>
        <source>New &amp;supplier…</source>
        <translation>New &amp;supplier…</translation>
    </message>
    <message>
        <source>No suppliers yet</source>
        <translation>No suppliers yet</translation>
    </message>
    <message>
        <source>Add the shops you buy from with New supplier…</source>
        <translation>Add the shops you buy from with New supplier…</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>Suppliers</translation>
    </message>
    <message>
        <source>S&amp;uppliers</source>
        <translation>S&amp;uppliers</translation>
    </message>
    <message>
        <source>Add a supplier first (Suppliers tab)</source>
        <translation>Add a supplier first (Suppliers tab)</translation>
    </message>
    <message>
        <source>New purchase order</source>
        <translation>New purchase order</translation>
    </message>
    <message>
        <source>Supplier:</source>
        <translation>Supplier:</translation>
    </message>
    <message>
        <source>{count} part(s) at or below their reorder point, net of what is on order.</source>
        <translation>{count} part(s) at or below their reorder point, net of what is on order.</translation>
    </message>
    <message>
        <source>Nothing to reorder: every part is above its reorder point or already on order.</source>
        <translation>Nothing to reorder: every part is above its reorder point or already on order.</translation>
    </message>
</context>
<context>
    <name>Records</name>
    <message>
        <source>appointment</source>
        <translation>appointment</translation>
    </message>
    <message>
        <source>record</source>
        <extracomment>Initialised by :func:`shopdesk.db.open` with a SQLite or PostgreSQL database. What a save strips from text: C0 and C1 control characters (a NUL, which PostgreSQL refuses; terminal escapes) except tab and line breaks, DEL, and the invisible marks and overrides that turn text around (U+202E &quot;right-to-left override&quot; and friends). Shown in the conflict message, e.g. &quot;customer&quot; (marked in the &quot;Records&quot; context).</extracomment>
        <translation>record</translation>
    </message>
    <message>
        <source>complaint</source>
        <translation>complaint</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>customer</translation>
    </message>
    <message>
        <source>grading rules</source>
        <translation>grading rules</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>invoice</translation>
    </message>
    <message>
        <source>draft invoice line</source>
        <translation>draft invoice line</translation>
    </message>
    <message>
        <source>maintenance package</source>
        <translation>maintenance package</translation>
    </message>
    <message>
        <source>supplier</source>
        <translation>supplier</translation>
    </message>
    <message>
        <source>part</source>
        <translation>part</translation>
    </message>
    <message>
        <source>purchase order</source>
        <translation>purchase order</translation>
    </message>
    <message>
        <source>pricing settings</source>
        <extracomment>Levels whose prices live on the part itself.</extracomment>
        <translation>pricing settings</translation>
    </message>
    <message>
        <source>workshop options</source>
        <extracomment>Statuses in which the car is in the shop and parts on the order are spoken for.</extracomment>
        <translation>workshop options</translation>
    </message>
    <message>
        <source>repair order</source>
        <extracomment>a service overdue by more months than this is folded in reminders (schema 20)</extracomment>
        <translation>repair order</translation>
    </message>
    <message>
        <source>repair-order line</source>
        <translation>repair-order line</translation>
    </message>
    <message>
        <source>shop settings</source>
        <translation>shop settings</translation>
    </message>
    <message>
        <source>user</source>
        <translation>user</translation>
    </message>
    <message>
        <source>vehicle</source>
        <translation type="unfinished">vehicle</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>overdue</source>
        <extracomment>The statuses of the list as a person reads them (context &quot;Reminders&quot;); a long-overdue service reads &quot;not seen since {date}&quot; (the car&apos;s last visit).</extracomment>
        <translation type="unfinished">overdue</translation>
    </message>
    <message>
        <source>this month</source>
        <translation type="unfinished">this month</translation>
    </message>
    <message>
        <source>next month</source>
        <translation type="unfinished">next month</translation>
    </message>
    <message>
        <source>later</source>
        <translation type="unfinished">later</translation>
    </message>
    <message>
        <source>not seen since {date}</source>
        <translation>not seen since {date}</translation>
    </message>
    <message>
        <source>long overdue</source>
        <translation>long overdue</translation>
    </message>
</context>
<context>
    <name>RemindersTab</name>
    <message>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished">Due</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished">E-mail</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation type="unfinished">Plate</translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished">Service</translation>
    </message>
    <message>
        <source>Also recommended</source>
        <translation>Also recommended</translation>
    </message>
    <message>
        <source>Reminded</source>
        <translation>Reminded</translation>
    </message>
    <message>
        <source>&amp;Load list (F5)</source>
        <translation>&amp;Load list (F5)</translation>
    </message>
    <message>
        <source>Mark &amp;sent</source>
        <translation>Mark &amp;sent</translation>
    </message>
    <message>
        <source>B&amp;ook from reminder</source>
        <translation>B&amp;ook from reminder</translation>
    </message>
    <message>
        <source>D&amp;ue by</source>
        <translation>D&amp;ue by</translation>
    </message>
    <message>
        <source>Find name, phone or plate</source>
        <translation>Find name, phone or plate</translation>
    </message>
    <message>
        <source>Narrows the list to a customer (a few letters of the name, the phone&apos;s last digits, part of the plate); Enter books the row shown first</source>
        <translation>Narrows the list to a customer (a few letters of the name, the phone&apos;s last digits, part of the plate); Enter books the row shown first</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished">E&amp;xport…</translation>
    </message>
    <message>
        <source>L&amp;etters…</source>
        <translation>L&amp;etters…</translation>
    </message>
    <message>
        <source>Press Load list to see the services due.</source>
        <translation>Press Load list to see the services due.</translation>
    </message>
    <message>
        <source>Load the services due</source>
        <translation>Load the services due</translation>
    </message>
    <message>
        <source>Export the reminders (Excel or CSV)</source>
        <translation>Export the reminders (Excel or CSV)</translation>
    </message>
    <message>
        <source>Finding services due</source>
        <translation>Finding services due</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>this month</source>
        <translation>this month</translation>
    </message>
    <message>
        <source>next month</source>
        <translation>next month</translation>
    </message>
    <message>
        <source>later</source>
        <translation>later</translation>
    </message>
    <message>
        <source>not seen since {date}</source>
        <translation>not seen since {date}</translation>
    </message>
    <message>
        <source>long overdue</source>
        <translation>long overdue</translation>
    </message>
    <message>
        <source>{count:,} services due ({overdue:,} overdue) for {count2:,} customers</source>
        <translation>{count:,} services due ({overdue:,} overdue) for {count2:,} customers</translation>
    </message>
    <message>
        <source>{count:,} services due for this search</source>
        <translation>{count:,} services due for this search</translation>
    </message>
    <message>
        <source>{count:,} shown</source>
        <translation>{count:,} shown</translation>
    </message>
    <message>
        <source>Wrote {count:,} reminders to {written}</source>
        <translation>Wrote {count:,} reminders to {written}</translation>
    </message>
    <message>
        <source>Wrote {count:,} letters to {folder}</source>
        <translation>Wrote {count:,} letters to {folder}</translation>
    </message>
    <message>
        <source>Export reminders</source>
        <translation>Export reminders</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Folder for the reminder letters</source>
        <translation>Folder for the reminder letters</translation>
    </message>
</context>
<context>
    <name>RepairOrdersScreen</name>
    <message>
        <source>Order number, plate or customer</source>
        <extracomment>what the list shows: a change to any of it refreshes the list (when it next shows)</extracomment>
        <translation>Order number, plate or customer</translation>
    </message>
    <message>
        <source>Repair orders</source>
        <translation type="unfinished">Repair orders</translation>
    </message>
    <message>
        <source>&amp;Packages</source>
        <translation>&amp;Packages</translation>
    </message>
    <message>
        <source>The shop&apos;s maintenance packages</source>
        <translation>The shop&apos;s maintenance packages</translation>
    </message>
    <message>
        <source>No order matches</source>
        <translation>No order matches</translation>
    </message>
    <message>
        <source>Try an order number, a plate or the customer&apos;s name.</source>
        <translation>Try an order number, a plate or the customer&apos;s name.</translation>
    </message>
    <message>
        <source>No repair orders here</source>
        <translation>No repair orders here</translation>
    </message>
    <message>
        <source>Check a car in at the front desk (Ctrl+I, or Ctrl+N for a walk-in) to open one; other statuses are in the list above.</source>
        <translation>Check a car in at the front desk (Ctrl+I, or Ctrl+N for a walk-in) to open one; other statuses are in the list above.</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>No vehicle (counter sales)</source>
        <extracomment>Line kinds as the report splits revenue.</extracomment>
        <translation>No vehicle (counter sales)</translation>
    </message>
    <message>
        <source>Cash customer / no city</source>
        <translation>Cash customer / no city</translation>
    </message>
    <message>
        <source>Adding up {month}…</source>
        <translation type="unfinished">Adding up {month}…</translation>
    </message>
    <message>
        <source>Stock and top lists…</source>
        <translation>Stock and top lists…</translation>
    </message>
    <message>
        <source>Revenue by vehicle make</source>
        <translation>Revenue by vehicle make</translation>
    </message>
    <message>
        <source>Revenue by city</source>
        <translation>Revenue by city</translation>
    </message>
    <message>
        <source>Revenue is net of tax and discounts; credit notes reduce the month they are issued in.</source>
        <translation>Revenue is net of tax and discounts; credit notes reduce the month they are issued in.</translation>
    </message>
    <message>
        <source>Tax charged: the tax printed on the month&apos;s invoices, less that on its credit notes.</source>
        <translation>Tax charged: the tax printed on the month&apos;s invoices, less that on its credit notes.</translation>
    </message>
    <message>
        <source>Parts cost: the stock ledger&apos;s cost of parts sold on invoices; parts used on repair orders at the cost noted on the invoice line.</source>
        <translation>Parts cost: the stock ledger&apos;s cost of parts sold on invoices; parts used on repair orders at the cost noted on the invoice line.</translation>
    </message>
    <message>
        <source>Stock value: today&apos;s valuation (on hand at average cost) less what the stock ledger moved since the month ended.</source>
        <translation>Stock value: today&apos;s valuation (on hand at average cost) less what the stock ledger moved since the month ended.</translation>
    </message>
    <message>
        <source>Customer grades are today&apos;s (no grade history is kept).</source>
        <translation>Customer grades are today&apos;s (no grade history is kept).</translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished">Done</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>Labour</source>
        <translation type="unfinished">Labour</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation type="unfinished">Parts</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Sublet</source>
        <translation type="unfinished">Sublet</translation>
    </message>
    <message>
        <source>Tax charged</source>
        <translation>Tax charged</translation>
    </message>
    <message>
        <source>Parts at cost</source>
        <translation>Parts at cost</translation>
    </message>
    <message>
        <source>Gross profit</source>
        <translation>Gross profit</translation>
    </message>
    <message>
        <source>Gross margin</source>
        <translation>Gross margin</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation type="unfinished">Invoices</translation>
    </message>
    <message>
        <source>Credit notes</source>
        <translation>Credit notes</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation type="unfinished">Credited</translation>
    </message>
    <message>
        <source>Average ticket</source>
        <translation>Average ticket</translation>
    </message>
    <message>
        <source>Cars</source>
        <translation>Cars</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished">Customers</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>New customers</translation>
    </message>
    <message>
        <source>Returning customers</source>
        <translation>Returning customers</translation>
    </message>
    <message>
        <source>Hours sold</source>
        <translation>Hours sold</translation>
    </message>
    <message>
        <source>Hours clocked</source>
        <translation>Hours clocked</translation>
    </message>
    <message>
        <source>Comebacks</source>
        <translation type="unfinished">Comebacks</translation>
    </message>
    <message>
        <source>Warranty cost of comebacks</source>
        <translation>Warranty cost of comebacks</translation>
    </message>
    <message>
        <source>Stock value</source>
        <translation>Stock value</translation>
    </message>
    <message>
        <source>Owed by customers</source>
        <translation>Owed by customers</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Complaints opened</source>
        <translation>Complaints opened</translation>
    </message>
    <message>
        <source>Complaints resolved</source>
        <translation>Complaints resolved</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>Surveys</translation>
    </message>
    <message>
        <source>Net promoter score</source>
        <translation>Net promoter score</translation>
    </message>
    <message>
        <source>Reminders sent</source>
        <translation>Reminders sent</translation>
    </message>
    <message>
        <source>Reminders converted</source>
        <translation>Reminders converted</translation>
    </message>
    <message>
        <source>Lapsed customers</source>
        <translation type="unfinished">Lapsed customers</translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished">This month</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation type="unfinished">Previous month</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Last year</translation>
    </message>
    <message>
        <source>Revenue and gross profit</source>
        <translation>Revenue and gross profit</translation>
    </message>
    <message>
        <source>Hours sold vs clocked by technician</source>
        <translation>Hours sold vs clocked by technician</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation type="unfinished">Sold</translation>
    </message>
    <message>
        <source>Clocked</source>
        <translation type="unfinished">Clocked</translation>
    </message>
    <message>
        <source>Efficiency</source>
        <translation>Efficiency</translation>
    </message>
    <message>
        <source>Sold prev.</source>
        <translation>Sold prev.</translation>
    </message>
    <message>
        <source>Clocked prev.</source>
        <translation>Clocked prev.</translation>
    </message>
    <message>
        <source>Sold last year</source>
        <translation>Sold last year</translation>
    </message>
    <message>
        <source>Clocked last year</source>
        <translation>Clocked last year</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation type="unfinished">Technicians</translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation type="unfinished">Top customers</translation>
    </message>
    <message>
        <source>Top parts</source>
        <translation type="unfinished">Top parts</translation>
    </message>
    <message>
        <source>By make</source>
        <translation type="unfinished">By make</translation>
    </message>
    <message>
        <source>By city</source>
        <translation type="unfinished">By city</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation type="unfinished">Receivables</translation>
    </message>
    <message>
        <source>Slow movers</source>
        <translation type="unfinished">Slow movers</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished">Satisfaction</translation>
    </message>
    <message>
        <source>Comebacks by technician</source>
        <translation type="unfinished">Comebacks by technician</translation>
    </message>
    <message>
        <source>Comebacks by part</source>
        <translation type="unfinished">Comebacks by part</translation>
    </message>
    <message>
        <source>Monthly report {month}</source>
        <translation>Monthly report {month}</translation>
    </message>
    <message>
        <source>Change %</source>
        <translation>Change %</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished">Figure</translation>
    </message>
    <message>
        <source>Customer grades today</source>
        <translation>Customer grades today</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Revenue by day, {month}</source>
        <translation type="unfinished">Revenue by day, {month}</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Top customers this month</source>
        <translation>Top customers this month</translation>
    </message>
    <message>
        <source>Hours sold vs clocked, this month</source>
        <translation>Hours sold vs clocked, this month</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Revenue by day</source>
        <translation>Revenue by day</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished">Quantity</translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation>Not yet due</translation>
    </message>
    <message>
        <source>1–30 days</source>
        <translation>1–30 days</translation>
    </message>
    <message>
        <source>31–60 days</source>
        <translation>31–60 days</translation>
    </message>
    <message>
        <source>61–90 days</source>
        <translation>61–90 days</translation>
    </message>
    <message>
        <source>Over 90 days</source>
        <translation>Over 90 days</translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished">Total</translation>
    </message>
    <message>
        <source>Receivables aging at month end</source>
        <translation>Receivables aging at month end</translation>
    </message>
    <message>
        <source>Slow movers: in stock, nothing sold this month</source>
        <translation>Slow movers: in stock, nothing sold this month</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation type="unfinished">On hand</translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished">Value</translation>
    </message>
    <message>
        <source>Quality of work</source>
        <translation type="unfinished">Quality of work</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished">Speed</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation type="unfinished">Staff</translation>
    </message>
    <message>
        <source>Satisfaction (average of 1–5)</source>
        <translation>Satisfaction (average of 1–5)</translation>
    </message>
    <message>
        <source>Comebacks by technician (the original job&apos;s)</source>
        <translation>Comebacks by technician (the original job&apos;s)</translation>
    </message>
    <message>
        <source>Warranty cost</source>
        <translation type="unfinished">Warranty cost</translation>
    </message>
    <message>
        <source>Price forgone</source>
        <translation type="unfinished">Price forgone</translation>
    </message>
    <message>
        <source>Comebacks prev.</source>
        <translation>Comebacks prev.</translation>
    </message>
    <message>
        <source>Comebacks last year</source>
        <translation>Comebacks last year</translation>
    </message>
    <message>
        <source>Comebacks by part and supplier</source>
        <translation>Comebacks by part and supplier</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished">Supplier</translation>
    </message>
    <message>
        <source>Parts cost</source>
        <translation>Parts cost</translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished">Change</translation>
    </message>
    <message>
        <source>{change} pts</source>
        <translation>{change} pts</translation>
    </message>
</context>
<context>
    <name>RepriceDialog</name>
    <message>
        <source>Change prices</source>
        <translation>Change prices</translation>
    </message>
    <message>
        <source>Any brand</source>
        <translation>Any brand</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>Any category</translation>
    </message>
    <message>
        <source>e.g. 5 to raise 5%, -3 to lower 3%</source>
        <translation>e.g. 5 to raise 5%, -3 to lower 3%</translation>
    </message>
    <message>
        <source>Retail price</source>
        <translation>Retail price</translation>
    </message>
    <message>
        <source>Trade price</source>
        <translation>Trade price</translation>
    </message>
    <message>
        <source>Retail and trade</source>
        <translation>Retail and trade</translation>
    </message>
    <message>
        <source>&amp;Brand</source>
        <translation>&amp;Brand</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>&amp;Category</translation>
    </message>
    <message>
        <source>Change by (&amp;%)</source>
        <translation>Change by (&amp;%)</translation>
    </message>
    <message>
        <source>&amp;Prices</source>
        <translation>&amp;Prices</translation>
    </message>
    <message>
        <source>{changed} part(s) repriced</source>
        <translation>{changed} part(s) repriced</translation>
    </message>
</context>
<context>
    <name>RepriceTab</name>
    <message>
        <source>Every category</source>
        <translation>Every category</translation>
    </message>
    <message>
        <source>Every brand</source>
        <translation>Every brand</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>Cate&amp;gory:</translation>
    </message>
    <message>
        <source>Bra&amp;nd:</source>
        <translation>Bra&amp;nd:</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished">SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished">Part</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Old price</source>
        <translation>Old price</translation>
    </message>
    <message>
        <source>New price</source>
        <translation>New price</translation>
    </message>
    <message>
        <source>Old margin</source>
        <translation>Old margin</translation>
    </message>
    <message>
        <source>New margin</source>
        <translation>New margin</translation>
    </message>
    <message>
        <source>Choose the parts to reprice, then Preview. Nothing changes until you Apply.</source>
        <translation>Choose the parts to reprice, then Preview. Nothing changes until you Apply.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>&amp;Apply new prices</source>
        <translation>&amp;Apply new prices</translation>
    </message>
    <message>
        <source>Working out new prices…</source>
        <translation>Working out new prices…</translation>
    </message>
    <message>
        <source>{changes} price(s) would change in {parts} part(s); {manual} price(s) set by hand are kept; {unpriced} part(s) have no cost to mark up.</source>
        <translation>{changes} price(s) would change in {parts} part(s); {manual} price(s) set by hand are kept; {unpriced} part(s) have no cost to mark up.</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>No preview</translation>
    </message>
    <message>
        <source>Prices not changed</source>
        <translation>Prices not changed</translation>
    </message>
    <message>
        <source>{count} price(s) changed.</source>
        <translation>{count} price(s) changed.</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Resolve: {subject}</source>
        <translation>Resolve: {subject}</translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation>&amp;Resolve</translation>
    </message>
    <message>
        <source>&amp;What was done</source>
        <translation>&amp;What was done</translation>
    </message>
    <message>
        <source>not asked</source>
        <translation>not asked</translation>
    </message>
    <message>
        <source>5 delighted</source>
        <translation>5 delighted</translation>
    </message>
    <message>
        <source>4 satisfied</source>
        <translation>4 satisfied</translation>
    </message>
    <message>
        <source>3 neutral</source>
        <translation>3 neutral</translation>
    </message>
    <message>
        <source>2 unhappy</source>
        <translation>2 unhappy</translation>
    </message>
    <message>
        <source>1 very unhappy</source>
        <translation>1 very unhappy</translation>
    </message>
    <message>
        <source>&amp;Customer satisfaction</source>
        <translation>&amp;Customer satisfaction</translation>
    </message>
</context>
<context>
    <name>RetryButton</name>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished">&amp;Retry</translation>
    </message>
    <message>
        <source>Save again: another PC was busy writing</source>
        <translation type="unfinished">Save again: another PC was busy writing</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return {sku} to supplier</source>
        <translation>Return {sku} to supplier</translation>
    </message>
    <message>
        <source>{name}: {quantity} {unit} on hand</source>
        <translation>{name}: {quantity} {unit} on hand</translation>
    </message>
    <message>
        <source>Faulty</source>
        <translation>Faulty</translation>
    </message>
    <message>
        <source>Wrong part delivered</source>
        <translation>Wrong part delivered</translation>
    </message>
    <message>
        <source>Ordered by mistake</source>
        <translation>Ordered by mistake</translation>
    </message>
    <message>
        <source>Supplier&apos;s return (RMA) number</source>
        <translation>Supplier&apos;s return (RMA) number</translation>
    </message>
    <message>
        <source>&amp;Supplier</source>
        <translation>&amp;Supplier</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>&amp;Quantity</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>R&amp;eference</source>
        <translation>R&amp;eference</translation>
    </message>
    <message>
        <source>Choose the supplier the parts go back to</source>
        <translation>Choose the supplier the parts go back to</translation>
    </message>
</context>
<context>
    <name>RowsExport</name>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished">E&amp;xport…</translation>
    </message>
    <message>
        <source>Save this list to an Excel file (Ctrl+E)</source>
        <translation>Save this list to an Excel file (Ctrl+E)</translation>
    </message>
    <message>
        <source>Export the list to Excel</source>
        <translation>Export the list to Excel</translation>
    </message>
    <message>
        <source>Export {title}</source>
        <translation type="unfinished">Export {title}</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation type="unfinished">Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished">Export failed</translation>
    </message>
    <message>
        <source>{count} rows written to {path}</source>
        <translation type="unfinished">{count} rows written to {path}</translation>
    </message>
</context>
<context>
    <name>SchemaCheck</name>
    <message>
        <source>missing table {name}</source>
        <extracomment>What a difference says, by kind (``{name}``: the table, index or trigger; ``{table}``).</extracomment>
        <translation>missing table {name}</translation>
    </message>
    <message>
        <source>unexpected table {name}</source>
        <translation>unexpected table {name}</translation>
    </message>
    <message>
        <source>missing column {name} of table {table}</source>
        <translation>missing column {name} of table {table}</translation>
    </message>
    <message>
        <source>unexpected column {name} in table {table}</source>
        <translation>unexpected column {name} in table {table}</translation>
    </message>
    <message>
        <source>missing index {name} on table {table}</source>
        <translation>missing index {name} on table {table}</translation>
    </message>
    <message>
        <source>unexpected index {name} on table {table}</source>
        <translation>unexpected index {name} on table {table}</translation>
    </message>
    <message>
        <source>missing trigger {name} on table {table}</source>
        <translation>missing trigger {name} on table {table}</translation>
    </message>
    <message>
        <source>unexpected trigger {name} on table {table}</source>
        <translation>unexpected trigger {name} on table {table}</translation>
    </message>
    <message>
        <source>trigger {name} on table {table} was changed</source>
        <translation>trigger {name} on table {table} was changed</translation>
    </message>
    <message>
        <source>trigger {name} on table {table} is disabled</source>
        <translation>trigger {name} on table {table} is disabled</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Front desk</source>
        <translation type="unfinished">Front desk</translation>
    </message>
    <message>
        <source>Nothing waiting at the desk</source>
        <translation>Nothing waiting at the desk</translation>
    </message>
    <message>
        <source>Today&apos;s appointments, open repair orders and follow-ups gather here.</source>
        <translation>Today&apos;s appointments, open repair orders and follow-ups gather here.</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Customers</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>No customers yet</translation>
    </message>
    <message>
        <source>Check a customer in to start their file.</source>
        <translation>Check a customer in to start their file.</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Vehicles</translation>
    </message>
    <message>
        <source>No vehicles yet</source>
        <translation>No vehicles yet</translation>
    </message>
    <message>
        <source>Vehicles are added with their owner at check-in.</source>
        <translation>Vehicles are added with their owner at check-in.</translation>
    </message>
    <message>
        <source>Repair orders</source>
        <translation>Repair orders</translation>
    </message>
    <message>
        <source>No repair orders yet</source>
        <translation>No repair orders yet</translation>
    </message>
    <message>
        <source>Check a car in at the front desk to open one.</source>
        <translation>Check a car in at the front desk to open one.</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>Parts</translation>
    </message>
    <message>
        <source>No parts yet</source>
        <translation>No parts yet</translation>
    </message>
    <message>
        <source>Add parts or receive a purchase order to fill the catalogue.</source>
        <translation>Add parts or receive a purchase order to fill the catalogue.</translation>
    </message>
    <message>
        <source>Purchasing</source>
        <translation>Purchasing</translation>
    </message>
    <message>
        <source>No purchase orders yet</source>
        <translation>No purchase orders yet</translation>
    </message>
    <message>
        <source>Reorder suggestions turn into purchase orders here.</source>
        <translation>Reorder suggestions turn into purchase orders here.</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Invoices</translation>
    </message>
    <message>
        <source>No invoices yet</source>
        <translation>No invoices yet</translation>
    </message>
    <message>
        <source>Finished repair orders and counter sales become invoices here.</source>
        <translation>Finished repair orders and counter sales become invoices here.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>No reports yet</source>
        <translation>No reports yet</translation>
    </message>
    <message>
        <source>The owner&apos;s monthly reports are not part of this version yet.</source>
        <translation>The owner&apos;s monthly reports are not part of this version yet.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished">Settings</translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>VIN {key}</source>
        <translation>VIN {key}</translation>
    </message>
    <message>
        <source>e-mail {key}</source>
        <translation>e-mail {key}</translation>
    </message>
    <message>
        <source>company {key}</source>
        <translation>company {key}</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation type="unfinished">Vehicles</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished">Notes</translation>
    </message>
</context>
<context>
    <name>SetPriceDialog</name>
    <message>
        <source>Set a price by hand</source>
        <translation>Set a price by hand</translation>
    </message>
    <message>
        <source>SKU or barcode</source>
        <translation>SKU or barcode</translation>
    </message>
    <message>
        <source>&amp;Part:</source>
        <translation>&amp;Part:</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Level:</translation>
    </message>
    <message>
        <source>P&amp;rice:</source>
        <translation>P&amp;rice:</translation>
    </message>
    <message>
        <source>No part has this SKU or barcode</source>
        <translation>No part has this SKU or barcode</translation>
    </message>
    <message>
        <source>No part has the SKU or barcode {code}</source>
        <translation type="unfinished">No part has the SKU or barcode {code}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>System (this PC&apos;s language)</source>
        <extracomment>each language named in itself, so anyone can find their own</extracomment>
        <translation>System (this PC&apos;s language)</translation>
    </message>
    <message>
        <source>A new language shows after ShopDesk is restarted.</source>
        <translation>A new language shows after ShopDesk is restarted.</translation>
    </message>
    <message>
        <source>Same as the screen</source>
        <translation>Same as the screen</translation>
    </message>
    <message>
        <source>A4 (210 × 297 mm)</source>
        <translation>A4 (210 × 297 mm)</translation>
    </message>
    <message>
        <source>Letter (8.5 × 11 in)</source>
        <translation>Letter (8.5 × 11 in)</translation>
    </message>
    <message>
        <source>A larger discount needs the owner&apos;s password at the desk</source>
        <translation>A larger discount needs the owner&apos;s password at the desk</translation>
    </message>
    <message>
        <source>Cler&amp;k&apos;s discount limit %</source>
        <translation>Cler&amp;k&apos;s discount limit %</translation>
    </message>
    <message>
        <source>Tec&amp;hnician&apos;s discount limit %</source>
        <translation>Tec&amp;hnician&apos;s discount limit %</translation>
    </message>
    <message>
        <source>Sees costs and mar&amp;gins</source>
        <translation>Sees costs and mar&amp;gins</translation>
    </message>
    <message>
        <source>Average costs, stock value and margins: the owner always sees them</source>
        <translation>Average costs, stock value and margins: the owner always sees them</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished">Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <source>Rate %</source>
        <translation type="unfinished">Rate %</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Sees costs</source>
        <translation>Sees costs</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Sign-in</translation>
    </message>
    <message>
        <source>Un&amp;lock sign-in</source>
        <translation>Un&amp;lock sign-in</translation>
    </message>
    <message>
        <source>Nobody: always ask</source>
        <translation>Nobody: always ask</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>locked</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Shop</translation>
    </message>
    <message>
        <source>Shop &amp;name *</source>
        <translation>Shop &amp;name *</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>&amp;Email</translation>
    </message>
    <message>
        <source>&amp;Website</source>
        <translation>&amp;Website</translation>
    </message>
    <message>
        <source>&amp;Tax ID</source>
        <translation>&amp;Tax ID</translation>
    </message>
    <message>
        <source>Invoicing</source>
        <translation>Invoicing</translation>
    </message>
    <message>
        <source>&amp;Currency</source>
        <translation>&amp;Currency</translation>
    </message>
    <message>
        <source>Invoice &amp;prefix</source>
        <translation>Invoice &amp;prefix</translation>
    </message>
    <message>
        <source>Prices &amp;include tax</source>
        <translation>Prices &amp;include tax</translation>
    </message>
    <message>
        <source>Prices I type already include tax</source>
        <translation>Prices I type already include tax</translation>
    </message>
    <message>
        <source>Payment &amp;terms (days)</source>
        <translation>Payment &amp;terms (days)</translation>
    </message>
    <message>
        <source>Invoice &amp;footer</source>
        <translation>Invoice &amp;footer</translation>
    </message>
    <message>
        <source>Negative &amp;stock</source>
        <translation>Negative &amp;stock</translation>
    </message>
    <message>
        <source>Allow selling parts the system shows as out of stock</source>
        <translation>Allow selling parts the system shows as out of stock</translation>
    </message>
    <message>
        <source>Paper si&amp;ze</source>
        <translation>Paper si&amp;ze</translation>
    </message>
    <message>
        <source>Used for invoices, estimates, statements, job cards and every other printed document</source>
        <translation>Used for invoices, estimates, statements, job cards and every other printed document</translation>
    </message>
    <message>
        <source>&amp;Language of printed documents</source>
        <translation>&amp;Language of printed documents</translation>
    </message>
    <message>
        <source>Invoices, estimates, statements, letters, reports and exports for the whole shop; the screen&apos;s language is chosen on each PC (This PC tab)</source>
        <translation>Invoices, estimates, statements, letters, reports and exports for the whole shop; the screen&apos;s language is chosen on each PC (This PC tab)</translation>
    </message>
    <message>
        <source>Tax rates</source>
        <translation>Tax rates</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>&amp;Code</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Rate %</source>
        <translation>&amp;Rate %</translation>
    </message>
    <message>
        <source>&amp;Default</source>
        <translation>&amp;Default</translation>
    </message>
    <message>
        <source>Use for new parts and lines</source>
        <translation>Use for new parts and lines</translation>
    </message>
    <message>
        <source>&amp;Save rate</source>
        <translation>&amp;Save rate</translation>
    </message>
    <message>
        <source>Ne&amp;w rate</source>
        <translation>Ne&amp;w rate</translation>
    </message>
    <message>
        <source>&amp;Archive rate</source>
        <translation>&amp;Archive rate</translation>
    </message>
    <message>
        <source>Ne&amp;w user</source>
        <translation>Ne&amp;w user</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Username</translation>
    </message>
    <message>
        <source>Full &amp;name</source>
        <translation>Full &amp;name</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>only to set a new password</source>
        <translation>only to set a new password</translation>
    </message>
    <message>
        <source>&amp;Active</source>
        <translation>&amp;Active</translation>
    </message>
    <message>
        <source>Can sign in</source>
        <translation>Can sign in</translation>
    </message>
    <message>
        <source>&amp;Save user</source>
        <translation>&amp;Save user</translation>
    </message>
    <message>
        <source>This PC</source>
        <translation>This PC</translation>
    </message>
    <message>
        <source>Sign in &amp;automatically as</source>
        <translation>Sign in &amp;automatically as</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>&amp;Change settings…  (Ctrl+,)</source>
        <translation>&amp;Change settings…  (Ctrl+,)</translation>
    </message>
    <message>
        <source> (default)</source>
        <translation> (default)</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>prices include tax</source>
        <translation>prices include tax</translation>
    </message>
    <message>
        <source>prices exclude tax</source>
        <translation>prices exclude tax</translation>
    </message>
    <message>
        <source>&lt;h2&gt;{name}&lt;/h2&gt;&lt;p&gt;{address}&lt;br&gt;Phone {phone} · Email {email} · Tax ID {tax_id}&lt;/p&gt;&lt;h3&gt;Invoicing&lt;/h3&gt;&lt;p&gt;Currency {currency} · invoice numbers {prefix}-YEAR-NUMBER · {prices} · payment terms {days} days&lt;/p&gt;&lt;p&gt;Tax rates: {rates}&lt;/p&gt;&lt;h3&gt;Staff&lt;/h3&gt;&lt;p&gt;{staff}&lt;/p&gt;&lt;h3&gt;Data&lt;/h3&gt;&lt;p&gt;Database: {database}&lt;br&gt;Data folder: {data_dir}&lt;/p&gt;</source>
        <translation>&lt;h2&gt;{name}&lt;/h2&gt;&lt;p&gt;{address}&lt;br&gt;Phone {phone} · Email {email} · Tax ID {tax_id}&lt;/p&gt;&lt;h3&gt;Invoicing&lt;/h3&gt;&lt;p&gt;Currency {currency} · invoice numbers {prefix}-YEAR-NUMBER · {prices} · payment terms {days} days&lt;/p&gt;&lt;p&gt;Tax rates: {rates}&lt;/p&gt;&lt;h3&gt;Staff&lt;/h3&gt;&lt;p&gt;{staff}&lt;/p&gt;&lt;h3&gt;Data&lt;/h3&gt;&lt;p&gt;Database: {database}&lt;br&gt;Data folder: {data_dir}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Your shop</source>
        <translation type="unfinished">Your shop</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <source>Your shop</source>
        <translation type="unfinished">Your shop</translation>
    </message>
    <message>
        <source>Printed at the top of every invoice and estimate. Only the name is required.</source>
        <translation>Printed at the top of every invoice and estimate. Only the name is required.</translation>
    </message>
    <message>
        <source>Street, town, postcode</source>
        <translation>Street, town, postcode</translation>
    </message>
    <message>
        <source>VAT, GST or tax number, if the shop has one</source>
        <translation>VAT, GST or tax number, if the shop has one</translation>
    </message>
    <message>
        <source>&amp;Shop name *</source>
        <translation>&amp;Shop name *</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation type="unfinished">&amp;Address</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation type="unfinished">&amp;Phone</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation>E-&amp;mail</translation>
    </message>
    <message>
        <source>&amp;Tax ID</source>
        <translation type="unfinished">&amp;Tax ID</translation>
    </message>
    <message>
        <source>&amp;Currency</source>
        <translation type="unfinished">&amp;Currency</translation>
    </message>
    <message>
        <source>Logo (optional)</source>
        <translation>Logo (optional)</translation>
    </message>
    <message>
        <source>Enter the shop&apos;s name: it is printed on every invoice.</source>
        <translation>Enter the shop&apos;s name: it is printed on every invoice.</translation>
    </message>
    <message>
        <source>{code} is not a currency code: choose one from the list (e.g. USD, EUR).</source>
        <translation>{code} is not a currency code: choose one from the list (e.g. USD, EUR).</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Counter sale</source>
        <translation type="unfinished">Counter sale</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation type="unfinished">Invoice</translation>
    </message>
    <message>
        <source>Pick the customer</source>
        <translation type="unfinished">Pick the customer</translation>
    </message>
    <message>
        <source>Take payment (cash)</source>
        <translation type="unfinished">Take payment (cash)</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation type="unfinished">Remove the selected line</translation>
    </message>
    <message>
        <source>Record a lost sale (what was just scanned or typed)</source>
        <translation>Record a lost sale (what was just scanned or typed)</translation>
    </message>
    <message>
        <source>Take payment (a draft: issue it first)</source>
        <translation type="unfinished">Take payment (a draft: issue it first)</translation>
    </message>
    <message>
        <source>Issue the draft</source>
        <translation type="unfinished">Issue the draft</translation>
    </message>
    <message>
        <source>Print the invoice</source>
        <translation type="unfinished">Print the invoice</translation>
    </message>
    <message>
        <source>Anywhere</source>
        <translation>Anywhere</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} or {second}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Type to find a shortcut, e.g. payment</source>
        <translation>Type to find a shortcut, e.g. payment</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>What it does</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source>Statement – {name}</source>
        <translation>Statement – {name}</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;From</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>&amp;to</translation>
    </message>
    <message>
        <source>P&amp;rint… (Ctrl+P)</source>
        <translation>P&amp;rint… (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The period starts after it ends: pick a &apos;from&apos; date on or before the &apos;to&apos; date.</source>
        <translation>The period starts after it ends: pick a &apos;from&apos; date on or before the &apos;to&apos; date.</translation>
    </message>
    <message>
        <source>{start} – {end}</source>
        <translation>{start} – {end}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Saved {path}</translation>
    </message>
</context>
<context>
    <name>StockTakeDialog</name>
    <message>
        <source>Stock-take</source>
        <translation>Stock-take</translation>
    </message>
    <message>
        <source>Bins starting with… (empty: all)</source>
        <translation>Bins starting with… (empty: all)</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>&amp;Start count</source>
        <translation>&amp;Start count</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>Bins</translation>
    </message>
    <message>
        <source>Scan a part to count one more (or type its SKU + Enter)</source>
        <translation>Scan a part to count one more (or type its SKU + Enter)</translation>
    </message>
    <message>
        <source>&amp;Print count sheet…</source>
        <translation>&amp;Print count sheet…</translation>
    </message>
    <message>
        <source>E&amp;xport sheet…</source>
        <translation>E&amp;xport sheet…</translation>
    </message>
    <message>
        <source>Choose what to count, then Start count.</source>
        <translation>Choose what to count, then Start count.</translation>
    </message>
    <message>
        <source>P&amp;ost adjustments</source>
        <translation>P&amp;ost adjustments</translation>
    </message>
    <message>
        <source>Ca&amp;ncel this count</source>
        <translation>Ca&amp;ncel this count</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&amp;Continue {number}</source>
        <translation>&amp;Continue {number}</translation>
    </message>
    <message>
        <source>Stock-take {number}</source>
        <translation>Stock-take {number}</translation>
    </message>
    <message>
        <source>{counted} of {count} counted · {count2} difference(s)</source>
        <translation>{counted} of {count} counted · {count2} difference(s)</translation>
    </message>
    <message>
        <source>{counted} of {count} counted · {count2} difference(s) worth {money} at cost</source>
        <translation>{counted} of {count} counted · {count2} difference(s) worth {money} at cost</translation>
    </message>
    <message>
        <source>Count sheet saved to {path}</source>
        <translation>Count sheet saved to {path}</translation>
    </message>
    <message>
        <source>Export count sheet</source>
        <translation>Export count sheet</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Posted: {count} adjustment(s).</source>
        <translation>Posted: {count} adjustment(s).</translation>
    </message>
    <message>
        <source>Posted: {count} adjustment(s) worth {money}.</source>
        <translation>Posted: {count} adjustment(s) worth {money}.</translation>
    </message>
    <message>
        <source>Cancelled: no stock was changed.</source>
        <translation>Cancelled: no stock was changed.</translation>
    </message>
</context>
<context>
    <name>SupplierDialog</name>
    <message>
        <source>New supplier</source>
        <translation>New supplier</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished">&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Contact</source>
        <translation>&amp;Contact</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation type="unfinished">&amp;Phone</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation type="unfinished">&amp;Email</translation>
    </message>
    <message>
        <source>&amp;Account no.</source>
        <translation>&amp;Account no.</translation>
    </message>
    <message>
        <source>&amp;Lead time (days)</source>
        <translation>&amp;Lead time (days)</translation>
    </message>
    <message>
        <source>&amp;Terms</source>
        <translation>&amp;Terms</translation>
    </message>
    <message>
        <source>Add&amp;ress</source>
        <translation>Add&amp;ress</translation>
    </message>
</context>
<context>
    <name>SurveyDialog</name>
    <message>
        <source>Would &amp;recommend us</source>
        <translation>Would &amp;recommend us</translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation>&amp;Comment</translation>
    </message>
</context>
<context>
    <name>SurveyStatsDialog</name>
    <message>
        <source>Survey statistics</source>
        <translation>Survey statistics</translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished">From</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">to</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Quality</translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished">Price</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished">Speed</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation type="unfinished">Staff</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation type="unfinished">Surveys</translation>
    </message>
    <message>
        <source>NPS</source>
        <translation>NPS</translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished">All</translation>
    </message>
    <message>
        <source>{count} surveys · NPS {nps:+d} (promoters 9–10 less detractors 0–6, in % of answers)</source>
        <translation>{count} surveys · NPS {nps:+d} (promoters 9–10 less detractors 0–6, in % of answers)</translation>
    </message>
    <message>
        <source>No surveys in this period.</source>
        <translation>No surveys in this period.</translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>Slate</source>
        <translation>Slate</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>Purple</translation>
    </message>
    <message>
        <source>Amber</source>
        <translation>Amber</translation>
    </message>
    <message>
        <source>Teal</source>
        <translation>Teal</translation>
    </message>
    <message>
        <source>new tag</source>
        <translation>new tag</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <source>New tag</source>
        <translation>New tag</translation>
    </message>
</context>
<context>
    <name>TakePayment</name>
    <message>
        <source>Your role does not take payments; ask a clerk or the owner.</source>
        <translation>Your role does not take payments; ask a clerk or the owner.</translation>
    </message>
    <message>
        <source>Paid; {money} still due.</source>
        <translation>Paid; {money} still due.</translation>
    </message>
    <message>
        <source>Paid in full.</source>
        <translation>Paid in full.</translation>
    </message>
    <message>
        <source>Give back {money} change.</source>
        <translation>Give back {money} change.</translation>
    </message>
    <message>
        <source>{money} kept as store credit.</source>
        <translation>{money} kept as store credit.</translation>
    </message>
</context>
<context>
    <name>TaxPage</name>
    <message>
        <source>Tax rates</source>
        <translation type="unfinished">Tax rates</translation>
    </message>
    <message>
        <source>The first rate is the default for new lines. Rates can be changed later in Settings; invoices already issued keep theirs.</source>
        <translation>The first rate is the default for new lines. Rates can be changed later in Settings; invoices already issued keep theirs.</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Zero rated</source>
        <translation>Zero rated</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Rate %</source>
        <translation>Rate %</translation>
    </message>
    <message>
        <source>Code, e.g. RED</source>
        <translation>Code, e.g. RED</translation>
    </message>
    <message>
        <source>Name, e.g. Reduced</source>
        <translation>Name, e.g. Reduced</translation>
    </message>
    <message>
        <source>A&amp;dd rate</source>
        <translation>A&amp;dd rate</translation>
    </message>
    <message>
        <source>&amp;Remove selected</source>
        <translation>&amp;Remove selected</translation>
    </message>
    <message>
        <source>Prices I type already &amp;include tax</source>
        <translation>Prices I type already &amp;include tax</translation>
    </message>
    <message>
        <source>Press Add rate (or clear the row) before going on.</source>
        <translation>Press Add rate (or clear the row) before going on.</translation>
    </message>
    <message>
        <source>Add at least one tax rate (0% if the shop charges none).</source>
        <translation>Add at least one tax rate (0% if the shop charges none).</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>New &amp;owner</source>
        <translation>New &amp;owner</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
</context>
<context>
    <name>VehicleForm</name>
    <message>
        <source>Pl&amp;ate</source>
        <translation>Pl&amp;ate</translation>
    </message>
    <message>
        <source>&amp;VIN</source>
        <translation>&amp;VIN</translation>
    </message>
    <message>
        <source>17 characters; scan or type</source>
        <translation>17 characters; scan or type</translation>
    </message>
    <message>
        <source>Ma&amp;ke</source>
        <translation>Ma&amp;ke</translation>
    </message>
    <message>
        <source>M&amp;odel</source>
        <translation>M&amp;odel</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished">Year</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>F&amp;uel</source>
        <translation>F&amp;uel</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>not read</source>
        <translation>not read</translation>
    </message>
    <message>
        <source>O&amp;dometer</source>
        <translation>O&amp;dometer</translation>
    </message>
    <message>
        <source>{problem} — can be saved anyway</source>
        <translation>{problem} — can be saved anyway</translation>
    </message>
    <message>
        <source>Decoded: {what}</source>
        <translation>Decoded: {what}</translation>
    </message>
</context>
<context>
    <name>VehicleHistoryDialog</name>
    <message>
        <source>History of {vehicle}</source>
        <translation>History of {vehicle}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Odometer readings&lt;/b&gt;</source>
        <translation>&lt;b&gt;Odometer readings&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Date</translation>
    </message>
    <message>
        <source>Km</source>
        <translation>Km</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>Reason (lower reading)</source>
        <translation>Reason (lower reading)</translation>
    </message>
    <message>
        <source>Check-in {number}</source>
        <translation>Check-in {number}</translation>
    </message>
    <message>
        <source>Typed in</source>
        <translation>Typed in</translation>
    </message>
    <message>
        <source>No readings yet: they are taken at check-in or with Odometer….</source>
        <translation>No readings yet: they are taken at check-in or with Odometer….</translation>
    </message>
    <message>
        <source>&lt;b&gt;Owners&lt;/b&gt;</source>
        <translation>&lt;b&gt;Owners&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished">Owner</translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished">From</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished">Note</translation>
    </message>
    <message>
        <source>now</source>
        <translation>now</translation>
    </message>
</context>
<context>
    <name>VehiclesScreen</name>
    <message>
        <source>Plate or VIN (any part; spaces and dashes ignored)</source>
        <translation>Plate or VIN (any part; spaces and dashes ignored)</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation type="unfinished">Vehicles</translation>
    </message>
    <message>
        <source>No vehicles yet: a car is added with its owner at check-in (Customers → New check-in, Ctrl+N) or on the owner&apos;s Vehicles tab.</source>
        <translation>No vehicles yet: a car is added with its owner at check-in (Customers → New check-in, Ctrl+N) or on the owner&apos;s Vehicles tab.</translation>
    </message>
    <message>
        <source>{rowCount:,} vehicles</source>
        <translation>{rowCount:,} vehicles</translation>
    </message>
    <message>
        <source>No vehicle matches “{text}”</source>
        <translation>No vehicle matches “{text}”</translation>
    </message>
    <message>
        <source>Plates are found without spaces or dashes; a VIN by any part of it.</source>
        <translation>Plates are found without spaces or dashes; a VIN by any part of it.</translation>
    </message>
    <message>
        <source>No archived vehicles</source>
        <translation>No archived vehicles</translation>
    </message>
    <message>
        <source>Untick Archived to see the rest.</source>
        <translation>Untick Archived to see the rest.</translation>
    </message>
    <message>
        <source>No vehicles yet</source>
        <translation type="unfinished">No vehicles yet</translation>
    </message>
    <message>
        <source>A car is added with its owner at check-in (Customers → New check-in, Ctrl+N) or on the owner&apos;s Vehicles tab.</source>
        <translation>A car is added with its owner at check-in (Customers → New check-in, Ctrl+N) or on the owner&apos;s Vehicles tab.</translation>
    </message>
</context>
<context>
    <name>WarrantyDialog</name>
    <message>
        <source>Warranty terms</source>
        <translation>Warranty terms</translation>
    </message>
    <message>
        <source>Labour (work not from a package)</source>
        <translation>Labour (work not from a package)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished">no limit</translation>
    </message>
    <message>
        <source>&amp;Months</source>
        <translation>&amp;Months</translation>
    </message>
    <message>
        <source>&amp;Km</source>
        <translation>&amp;Km</translation>
    </message>
    <message>
        <source>&amp;Cost of a warranty hour</source>
        <translation>&amp;Cost of a warranty hour</translation>
    </message>
    <message>
        <source>Maintenance packages (blank: the labour terms)</source>
        <translation>Maintenance packages (blank: the labour terms)</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Package</translation>
    </message>
    <message>
        <source>Warranty</source>
        <translation type="unfinished">Warranty</translation>
    </message>
    <message>
        <source>months</source>
        <translation>months</translation>
    </message>
    <message>
        <source>km</source>
        <translation>km</translation>
    </message>
    <message>
        <source>Set for &amp;package</source>
        <translation>Set for &amp;package</translation>
    </message>
    <message>
        <source>Choose a package</source>
        <translation>Choose a package</translation>
    </message>
</context>
<context>
    <name>WarrantyOrderDialog</name>
    <message>
        <source>Warranty repair order</source>
        <translation>Warranty repair order</translation>
    </message>
    <message>
        <source>&amp;Open repair order</source>
        <translation>&amp;Open repair order</translation>
    </message>
    <message>
        <source>km on the dashboard</source>
        <translation type="unfinished">km on the dashboard</translation>
    </message>
    <message>
        <source>O&amp;dometer</source>
        <translation type="unfinished">O&amp;dometer</translation>
    </message>
    <message>
        <source>Co&amp;ncerns</source>
        <translation type="unfinished">Co&amp;ncerns</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>Redo at no c&amp;harge</source>
        <translation>Redo at no c&amp;harge</translation>
    </message>
    <message>
        <source>Comeback of {order}</source>
        <translation>Comeback of {order}</translation>
    </message>
    <message>
        <source>Comeback of {order}, invoice {invoice} of {date}</source>
        <translation>Comeback of {order}, invoice {invoice} of {date}</translation>
    </message>
    <message>
        <source>no warranty was given on it</source>
        <translation>no warranty was given on it</translation>
    </message>
    <message>
        <source>&lt;b&gt;under warranty&lt;/b&gt;</source>
        <translation type="unfinished">&lt;b&gt;under warranty&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;out of warranty&lt;/b&gt; (no charge is goodwill)</source>
        <translation>&lt;b&gt;out of warranty&lt;/b&gt; (no charge is goodwill)</translation>
    </message>
    <message>
        <source>last reading {km} km</source>
        <translation>last reading {km} km</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to ShopDesk</source>
        <translation>Welcome to ShopDesk</translation>
    </message>
    <message>
        <source>Set up your own shop in a few minutes.</source>
        <translation>Set up your own shop in a few minutes.</translation>
    </message>
    <message>
        <source>You will be asked for the shop&apos;s details as printed on invoices, its tax rates, how invoice numbers look, the owner&apos;s account and where backups go. Everything but the owner&apos;s account can be changed later in Settings.

Not ready yet? Press “Try the demo shop” to look around a made-up shop first: its customers, parts and invoices are practice data and never mix with your own. This wizard comes back the next time ShopDesk starts.</source>
        <translation>You will be asked for the shop&apos;s details as printed on invoices, its tax rates, how invoice numbers look, the owner&apos;s account and where backups go. Everything but the owner&apos;s account can be changed later in Settings.

Not ready yet? Press “Try the demo shop” to look around a made-up shop first: its customers, parts and invoices are practice data and never mix with your own. This wizard comes back the next time ShopDesk starts.</translation>
    </message>
</context>
<context>
    <name>_Runnable</name>
    <message>
        <source>Unexpected error: {exc}</source>
        <extracomment>Tasks still running: their signals -&gt; (work, progress, released), kept alive on the GUI side until the worker has let go of them (see :class:`_Runnable`).</extracomment>
        <translation type="unfinished">Unexpected error: {exc}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>ShopDesk hit a problem</source>
        <translation>ShopDesk hit a problem</translation>
    </message>
    <message>
        <source>Something unexpected went wrong: {exc}

Your data is safe: every change is saved whole or not at all. Details are in the log file:
{log_file}</source>
        <translation>Something unexpected went wrong: {exc}

Your data is safe: every change is saved whole or not at all. Details are in the log file:
{log_file}</translation>
    </message>
</context>
<context>
    <name>data_safety</name>
    <message>
        <source>&amp;Backups…</source>
        <translation>&amp;Backups…</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>&amp;Audit log…</translation>
    </message>
</context>
<context>
    <name>order_editor</name>
    <message>
        <source>km on the dashboard</source>
        <translation>km on the dashboard</translation>
    </message>
    <message>
        <source>Only if lower than last time</source>
        <translation>Only if lower than last time</translation>
    </message>
    <message>
        <source>&amp;Odometer</source>
        <translation>&amp;Odometer</translation>
    </message>
    <message>
        <source>Reason if &amp;lower</source>
        <translation>Reason if &amp;lower</translation>
    </message>
</context>
<context>
    <name>pdf_output</name>
    <message>
        <source>Print</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>run_task</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
</context>
</TS>
