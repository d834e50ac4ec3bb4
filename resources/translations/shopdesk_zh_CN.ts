<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ShopDesk</source>
        <translation>关于 ShopDesk</translation>
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
        <translation>汽修店和配件商的前台系统。无需联网即可使用。&lt;br&gt;&lt;br&gt;&lt;b&gt;数据库：&lt;/b&gt; {database}&lt;br&gt;&lt;b&gt;数据文件夹：&lt;/b&gt; {data_dir}&lt;br&gt;&lt;b&gt;日志文件：&lt;/b&gt; {log_file}&lt;br&gt;&lt;br&gt;Python {python_version}，Qt for Python {version__}</translation>
    </message>
</context>
<context>
    <name>AccountantExportDialog</name>
    <message>
        <source>Accountant export</source>
        <extracomment>(key, what) -&gt; file suffix</extracomment>
        <translation>会计导出</translation>
    </message>
    <message>
        <source>Issued invoices and credit notes, or payments, dated in the period — in the layout your accountant imports.</source>
        <translation>期间内已开具的发票和红字发票，或收款记录 — 采用您的会计可直接导入的格式。</translation>
    </message>
    <message>
        <source>Sales journal (invoices and credit notes)</source>
        <translation>销售日记账（发票和红字发票）</translation>
    </message>
    <message>
        <source>Payments journal</source>
        <translation>收款日记账</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;This month</source>
        <translation>本月(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Last month</source>
        <translation>上月(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Period</source>
        <translation>期间(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>格式(&amp;F)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿 (.xlsx)</translation>
    </message>
    <message>
        <source>CSV (.csv)</source>
        <translation>CSV (.csv)</translation>
    </message>
    <message>
        <source>Xero sales invoice import (.csv)</source>
        <translation>Xero 销售发票导入格式 (.csv)</translation>
    </message>
    <message>
        <source>QuickBooks Online invoice import (.csv)</source>
        <translation>QuickBooks Online 发票导入格式 (.csv)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export for the accountant</source>
        <translation>为会计导出</translation>
    </message>
    <message>
        <source>Exporting for the accountant</source>
        <translation>正在为会计导出</translation>
    </message>
    <message>
        <source>{count} payments, {total}, written to {path}</source>
        <translation>已将 {count} 笔收款（{total}）写入 {path}</translation>
    </message>
    <message>
        <source>{count} invoices and credit notes, {total} gross, written to {path}</source>
        <translation>已将 {count} 张发票和红字发票（含税合计 {total}）写入 {path}</translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>找到</translation>
    </message>
    <message>
        <source>Lost or stolen</source>
        <translation>丢失或被盗</translation>
    </message>
    <message>
        <source>Used in the shop</source>
        <translation>店内自用</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Adjust stock of {sku}</source>
        <translation>调整 {sku} 的库存</translation>
    </message>
    <message>
        <source>{name}: {quantity} {unit} on hand</source>
        <translation>{name}：现有 {quantity} {unit}</translation>
    </message>
    <message>
        <source>e.g. -2 to remove two, 3 to add three</source>
        <translation>例如 -2 表示减少两个，3 表示增加三个</translation>
    </message>
    <message>
        <source>&amp;Change by</source>
        <translation>调整幅度(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
</context>
<context>
    <name>AgingDialog</name>
    <message>
        <source>Receivables</source>
        <translation>应收账款</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>&amp;Statement…</source>
        <translation>对账单(&amp;S)…</translation>
    </message>
    <message>
        <source>The selected customer&apos;s account statement (or double-click the row)</source>
        <translation>所选客户的对账单（或双击该行）</translation>
    </message>
    <message>
        <source>&amp;Statement… (pick a customer first)</source>
        <translation>对账单(&amp;S)…（请先选择客户）</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>Cannot open the shop database</source>
        <translation>无法打开店铺数据库</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>Back to the demo shop</source>
        <translation>返回演示店铺</translation>
    </message>
    <message>
        <source>Your shop</source>
        <translation>您的店铺</translation>
    </message>
    <message>
        <source>This PC already has a shop database, or ShopDesk was started with --db. Start ShopDesk without --db to open your own shop.</source>
        <translation>本机已有店铺数据库，或 ShopDesk 是用 --db 启动的。请不带 --db 启动 ShopDesk 以打开您自己的店铺。</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <source>Only from</source>
        <translation>仅从</translation>
    </message>
    <message>
        <source>Record:</source>
        <translation>记录：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Select an entry to see the record before and after.</source>
        <translation>选择一条记录以查看修改前后的内容。</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>1 条记录</translation>
    </message>
    <message>
        <source>{number} entries</source>
        <translation>{number} 条记录</translation>
    </message>
    <message>
        <source>(nothing before)</source>
        <translation>（之前没有内容）</translation>
    </message>
    <message>
        <source>(nothing after)</source>
        <translation>（之后没有内容）</translation>
    </message>
</context>
<context>
    <name>BackupBanner</name>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
</context>
<context>
    <name>BackupGuard</name>
    <message>
        <source>Ask the owner to check the backups.</source>
        <translation>请店主检查备份。</translation>
    </message>
    <message>
        <source>The backup when closing on {when} was skipped.</source>
        <translation>{when} 关闭时的备份被跳过了。</translation>
    </message>
    <message>
        <source>Backing up the shop database…</source>
        <translation>正在备份店铺数据库…</translation>
    </message>
    <message>
        <source>Backed up to {path} ({describe})</source>
        <translation>已备份到 {path}（{describe}）</translation>
    </message>
    <message>
        <source>Backup failed: {message}</source>
        <translation>备份失败：{message}</translation>
    </message>
    <message>
        <source>The last backup failed: {message}</source>
        <translation>上次备份失败：{message}</translation>
    </message>
    <message>
        <source>Back up to which folder?</source>
        <translation>备份到哪个文件夹？</translation>
    </message>
    <message>
        <source>Backing up before closing… (Cancel closes now)</source>
        <translation>关闭前正在备份…（点击“取消”立即关闭）</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>ShopDesk backs the shop up when it closes and every few hours, keeping a week of daily, a month of weekly and a year of monthly copies.</source>
        <translation>ShopDesk 在关闭时以及每隔几小时备份一次，保留一周的每日备份、一个月的每周备份和一年的每月备份。</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <source>Backup &amp;folder</source>
        <translation>备份文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>This shop&apos;s database is on a PostgreSQL server: back it up on the server (ShopDesk&apos;s backup command runs pg_dump there).</source>
        <translation>本店数据库位于 PostgreSQL 服务器上：请在服务器上备份（ShopDesk 的备份命令会在那里运行 pg_dump）。</translation>
    </message>
    <message>
        <source>Folder for the backups</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>This folder is on the same disk as the shop&apos;s database: if the disk fails, the backups go with it. A USB drive or another disk is safer; you can change it later in File → Backups.</source>
        <translation>此文件夹与店铺数据库在同一块硬盘上：硬盘损坏时备份也会一起丢失。使用 U 盘或另一块硬盘更安全；之后可在“文件 → 备份”中更改。</translation>
    </message>
    <message>
        <source>There is no folder {folder}: choose one that exists (plug the drive in first).</source>
        <translation>文件夹 {folder} 不存在：请选择一个存在的文件夹（请先插入驱动器）。</translation>
    </message>
</context>
<context>
    <name>BackupStatus</name>
    <message>
        <source>The backup folder {folder} is missing (unplugged drive?): no backups are being made.</source>
        <translation>备份文件夹 {folder} 不存在（驱动器已拔出？）：目前没有进行备份。</translation>
    </message>
    <message>
        <source>This shop database has never been backed up.</source>
        <translation>本店数据库从未备份过。</translation>
    </message>
    <message>
        <source>The last good backup is from {when}, more than two days ago.</source>
        <translation>上次成功备份是在 {when}，已超过两天。</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>&lt;b&gt;Backup folder of this PC:&lt;/b&gt; {folder}</source>
        <translation>&lt;b&gt;本机备份文件夹：&lt;/b&gt; {folder}</translation>
    </message>
    <message>
        <source>This shop&apos;s database is on a PostgreSQL server: back it up on the server (pg_dump). Back up now runs pg_dump from this PC when it is installed.</source>
        <translation>本店数据库位于 PostgreSQL 服务器上：请在服务器上备份 (pg_dump)。若本机已安装 pg_dump，“立即备份”会从本机运行它。</translation>
    </message>
    <message>
        <source>Backups are up to date. ShopDesk backs up once a day while open and when it closes; it keeps 7 daily, 4 weekly and 12 monthly backups.</source>
        <translation>备份是最新的。ShopDesk 运行时每天备份一次，关闭时也会备份；保留 7 个每日、4 个每周和 12 个每月备份。</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>恢复前的安全副本</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Select the backup to restore.</source>
        <translation>请选择要恢复的备份。</translation>
    </message>
    <message>
        <source>the backup of {day}, {time}</source>
        <translation>{day} {time} 的备份</translation>
    </message>
    <message>
        <source>Restore which backup?</source>
        <translation>恢复哪个备份？</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Checking and restoring the backup…</source>
        <translation>正在检查并恢复备份…</translation>
    </message>
    <message>
        <source>Replace the shop database with {what}?

Everything entered since then will be gone. A safety copy of the database as it is now is kept in the backup folder. Other windows of ShopDesk on this PC must be closed.</source>
        <translation>要用{what}替换店铺数据库吗？

此后录入的所有内容都将丢失。当前数据库的安全副本会保存在备份文件夹中。必须先关闭本机上其他的 ShopDesk 窗口。</translation>
    </message>
    <message>
        <source>Back up &amp;now</source>
        <translation>立即备份(&amp;N)</translation>
    </message>
    <message>
        <source>Choose &amp;folder…</source>
        <translation>选择文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>Restore from &amp;another file…</source>
        <translation>从其他文件恢复(&amp;A)…</translation>
    </message>
    <message>
        <source>ShopDesk backups (*.sqlite3 *.db *.pgdump);;All files (*)</source>
        <translation>ShopDesk 备份 (*.sqlite3 *.db *.pgdump);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Replace the shop database on the server with {what}?

Everything entered since then will be gone. A safety copy of the database as it is now is kept in the backup folder and on the server. Every other PC using ShopDesk will be disconnected and must reopen ShopDesk.</source>
        <translation>要用{what}替换服务器上的店铺数据库吗？

此后录入的所有内容都将丢失。当前数据库的安全副本会保存在备份文件夹和服务器上。所有其他正在使用 ShopDesk 的电脑都将断开连接，必须重新打开 ShopDesk。</translation>
    </message>
    <message>
        <source>Cannot restore this file</source>
        <translation>无法恢复此文件</translation>
    </message>
    <message>
        <source>On the server it is also kept as the database {name}. Other PCs must reopen ShopDesk.</source>
        <translation>服务器上还保留为数据库 {name}。其他电脑必须重新打开 ShopDesk。</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <source>The shop database now holds {what}.
The database as it was before is kept as {safety_copy}.</source>
        <translation>店铺数据库现在是{what}。
之前的数据库已保存为 {safety_copy}。</translation>
    </message>
    <message>
        <source>Nothing was restored</source>
        <translation>未恢复任何内容</translation>
    </message>
</context>
<context>
    <name>BlacklistDialog</name>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>e.g. invoice RA-1042 unpaid since March</source>
        <translation>例如：发票 RA-1042 自三月起未付</translation>
    </message>
</context>
<context>
    <name>BookDialog</name>
    <message>
        <source>Book an appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>&amp;Book</source>
        <translation>预约(&amp;B)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>(any bay)</source>
        <translation>（任意工位）</translation>
    </message>
    <message>
        <source>(anyone)</source>
        <translation>（任何人）</translation>
    </message>
    <message>
        <source>What for, in the customer&apos;s words</source>
        <translation>来店原因（客户原话）</translation>
    </message>
    <message>
        <source>&amp;Plate</source>
        <translation>车牌(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>时间(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Length</source>
        <translation>时长(&amp;L)</translation>
    </message>
    <message>
        <source>B&amp;ay</source>
        <translation>工位(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Technician</source>
        <translation>技师(&amp;T)</translation>
    </message>
    <message>
        <source>W&amp;hat for</source>
        <translation>来店原因(&amp;H)</translation>
    </message>
</context>
<context>
    <name>CLI</name>
    <message>
        <source>no.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>city</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>车主</translation>
    </message>
    <message>
        <source>Issued {number} to {customer}: total {total}</source>
        <translation>已向 {customer} 开具 {number}：合计 {total}</translation>
    </message>
    <message>
        <source>Wrote the statement of {name} to {file}</source>
        <translation>已将 {name} 的对账单写入 {file}</translation>
    </message>
    <message>
        <source>Wrote the service history of {vehicle} to {file}</source>
        <translation>已将 {vehicle} 的维修历史写入 {file}</translation>
    </message>
    <message>
        <source>the shop database is damaged ({problem}): restore it from a backup (shopdesk restore FILE); nothing was changed.</source>
        <extracomment>Modules that add subcommands: each has ``register(subparsers, common)``. Imported only to run a subcommand (or print the help): they import printing, exports and imports, which opening the window has no use for.</extracomment>
        <translation>店铺数据库已损坏（{problem}）：请从备份恢复（shopdesk restore 文件）；未做任何更改。</translation>
    </message>
    <message>
        <source>Password for the new login {login}: </source>
        <translation>新登录账户 {login} 的密码：</translation>
    </message>
    <message>
        <source>Created the roles: {roles}.</source>
        <translation>已创建角色：{roles}。</translation>
    </message>
    <message>
        <source>Brought the schema up to date as {owner} (versions {first} to {last}).</source>
        <translation>已以 {owner} 身份将数据库结构升级到最新（版本 {first} 至 {last}）。</translation>
    </message>
    <message>
        <source>{owner} owns the database and its {count} tables; {login} may read and write the shop&apos;s data only (no table ownership, no trigger changes, the audit log append-only). Start ShopDesk on each PC with --db postgresql://{login}:PASSWORD@SERVER/{name}.</source>
        <translation>{owner} 拥有该数据库及其 {count} 张表；{login} 只能读写店铺数据（不拥有任何表，不能更改触发器，审计日志只能追加）。在每台电脑上用 --db postgresql://{login}:PASSWORD@SERVER/{name} 启动 ShopDesk。</translation>
    </message>
    <message>
        <source>{username} can sign in again.</source>
        <translation>{username} 可以重新登录了。</translation>
    </message>
    <message>
        <source>any car</source>
        <translation>任何车辆</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} 公里</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation>{months} 个月</translation>
    </message>
    <message>
        <source>{start} to {end}</source>
        <translation>{start} 至 {end}</translation>
    </message>
    <message>
        <source>{amount} (sum of lines)</source>
        <translation>{amount}（各行合计）</translation>
    </message>
    <message>
        <source>for</source>
        <translation>适用车辆</translation>
    </message>
    <message>
        <source>every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>season</source>
        <translation>季节</translation>
    </message>
    <message>
        <source>price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation>（已归档）</translation>
    </message>
    <message>
        <source>{count} package(s)</source>
        <translation>{count} 个套餐</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>For</source>
        <translation>适用车辆</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Season</source>
        <translation>季节</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>part&apos;s price</source>
        <translation>配件价格</translation>
    </message>
    <message>
        <source>labour rate</source>
        <translation>工时费率</translation>
    </message>
    <message>
        <source>Wrote {count} package(s) to {file}</source>
        <translation>已将 {count} 个套餐写入 {file}</translation>
    </message>
</context>
<context>
    <name>CashUpDialog</name>
    <message>
        <source>Cash-up – {date}</source>
        <translation>现金结算 – {date}</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Takings</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cash expected in the till: {money}&lt;/b&gt; · all takings {money2}</source>
        <translation>&lt;b&gt;钱箱应有现金：{money}&lt;/b&gt; · 全部收款 {money2}</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Still due</source>
        <translation>仍欠</translation>
    </message>
    <message>
        <source>{count} invoices for {money}; {count2} credit notes for {money2}</source>
        <translation>{count} 张发票，金额 {money}；{count2} 张红字发票，金额 {money2}</translation>
    </message>
</context>
<context>
    <name>CatalogueTab</name>
    <message>
        <source>All lines</source>
        <translation>所有行</translation>
    </message>
    <message>
        <source>Not linked to a part</source>
        <translation>未关联配件</translation>
    </message>
    <message>
        <source>Linked to a part</source>
        <translation>已关联配件</translation>
    </message>
    <message>
        <source>Supplier number, description or barcode…</source>
        <translation>供应商编号、说明或条码…</translation>
    </message>
    <message>
        <source>Supplier:</source>
        <translation>供应商：</translation>
    </message>
    <message>
        <source>&amp;Import price file…</source>
        <translation>导入价格文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Link &amp;automatically</source>
        <translation>自动关联(&amp;A)</translation>
    </message>
    <message>
        <source>Lin&amp;k to part…</source>
        <translation>关联到配件(&amp;K)…</translation>
    </message>
    <message>
        <source>Update c&amp;osts…</source>
        <translation>更新成本(&amp;O)…</translation>
    </message>
    <message>
        <source>Add a supplier on the Purchasing screen first.</source>
        <translation>请先在“采购”界面添加供应商。</translation>
    </message>
    <message>
        <source>{count} line(s) shown.</source>
        <translation>显示 {count} 行。</translation>
    </message>
    <message>
        <source>No catalogue lines here yet: import the supplier&apos;s price file (.xlsx or .csv). No stock items are created.</source>
        <translation>这里还没有目录行：请导入供应商的价格文件 (.xlsx 或 .csv)。不会创建库存项目。</translation>
    </message>
    <message>
        <source>Supplier price file</source>
        <translation>供应商价格文件</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
        <translation>电子表格 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Price file not read</source>
        <translation>无法读取价格文件</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Price file not imported</source>
        <translation>价格文件未导入</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <source>Imported {added} new and {updated} changed line(s); {linked} linked to parts; {errors} row(s) skipped.</source>
        <translation>已导入新行 {added} 行、更改 {updated} 行；{linked} 行已关联配件；跳过 {errors} 行。</translation>
    </message>
    <message>
        <source>{count} line(s) linked by supplier number or barcode.</source>
        <translation>已按供应商编号或条码关联 {count} 行。</translation>
    </message>
    <message>
        <source>Link to part</source>
        <translation>关联到配件</translation>
    </message>
    <message>
        <source>SKU or barcode of the part for {line}:</source>
        <translation>{line} 对应配件的 SKU 或条码：</translation>
    </message>
    <message>
        <source>Not linked</source>
        <translation>未关联</translation>
    </message>
    <message>
        <source>No part has the SKU or barcode {code}</source>
        <translation>没有 SKU 或条码为 {code} 的配件</translation>
    </message>
    <message>
        <source>{line} linked to {sku}.</source>
        <translation>{line} 已关联到 {sku}。</translation>
    </message>
    <message>
        <source>Every linked part already has the catalogue&apos;s cost.</source>
        <translation>所有已关联配件的成本都已与目录一致。</translation>
    </message>
    <message>
        <source>No cost was changed.</source>
        <translation>没有成本被更改。</translation>
    </message>
    <message>
        <source>Costs not changed</source>
        <translation>成本未更改</translation>
    </message>
    <message>
        <source>{costs} cost(s) and {prices} price(s) changed.</source>
        <translation>已更改 {costs} 个成本和 {prices} 个价格。</translation>
    </message>
</context>
<context>
    <name>Check</name>
    <message>
        <source>audit log entries {first} to {last} of the chain are missing (deleted); the next one left is {name}</source>
        <translation>审计日志链中第 {first} 至 {last} 条记录缺失（已被删除）；其后仍在的一条是 {name}</translation>
    </message>
    <message>
        <source>audit log entry {first} of the chain is missing (deleted); the next one left is {name}</source>
        <translation>审计日志链中第 {first} 条记录缺失（已被删除）；其后仍在的一条是 {name}</translation>
    </message>
    <message>
        <source>audit log entry {name}, number {first} of the chain, was altered: it no longer matches its hash</source>
        <translation>审计日志记录 {name}（链中第 {first} 条）已被篡改：内容与其哈希值不再相符</translation>
    </message>
    <message>
        <source>audit log entry {name} was inserted outside ShopDesk: the chain never held it</source>
        <translation>审计日志记录 {name} 是在 ShopDesk 之外插入的：哈希链中从未有过这一条</translation>
    </message>
    <message>
        <source>issued documents {first} to {last} of the chain are missing (deleted); the next one left is {name}</source>
        <translation>已开具单据链中第 {first} 至 {last} 张缺失（已被删除）；其后仍在的一张是 {name}</translation>
    </message>
    <message>
        <source>issued document {first} of the chain is missing (deleted); the next one left is {name}</source>
        <translation>已开具单据链中第 {first} 张缺失（已被删除）；其后仍在的一张是 {name}</translation>
    </message>
    <message>
        <source>issued document {name}, number {first} of the chain, was altered: its number, dates, customer, totals or lines no longer match its hash</source>
        <translation>已开具单据 {name}（链中第 {first} 张）已被篡改：其编号、日期、客户、金额或明细行与其哈希值不再相符</translation>
    </message>
    <message>
        <source>issued document {name} was inserted outside ShopDesk: the chain never held it</source>
        <translation>已开具单据 {name} 是在 ShopDesk 之外插入的：哈希链中从未有过这一张</translation>
    </message>
    <message>
        <source>FAULT {fault}</source>
        <translation>故障 {fault}</translation>
    </message>
    <message>
        <source>{count} fault(s) in {where}.</source>
        <translation>{where} 中有 {count} 处故障。</translation>
    </message>
    <message>
        <source>OK: {count} checks passed on {where}.</source>
        <translation>正常：{where} 通过了全部 {count} 项检查。</translation>
    </message>
    <message>
        <source>{name}: {message}</source>
        <translation>{name}：{message}</translation>
    </message>
</context>
<context>
    <name>Check names</name>
    <message>
        <source>invoices</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>repair orders</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>cores</source>
        <translation>旧件</translation>
    </message>
    <message>
        <source>comebacks</source>
        <translation>返修</translation>
    </message>
    <message>
        <source>audit chain</source>
        <translation>审计日志链</translation>
    </message>
    <message>
        <source>document chain</source>
        <translation>单据链</translation>
    </message>
    <message>
        <source>storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>schema</source>
        <translation>数据库结构</translation>
    </message>
    <message>
        <source>shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>price levels</source>
        <translation>价格等级</translation>
    </message>
    <message>
        <source>markup matrix</source>
        <translation>加价矩阵</translation>
    </message>
    <message>
        <source>supplier catalogue</source>
        <translation>供应商目录</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>stock-takes</source>
        <translation>盘点单</translation>
    </message>
    <message>
        <source>stock months</source>
        <translation>库存月度值</translation>
    </message>
    <message>
        <source>purchasing</source>
        <translation>采购</translation>
    </message>
    <message>
        <source>repair-order returns</source>
        <translation>维修单退件</translation>
    </message>
</context>
<context>
    <name>CheckInDialog</name>
    <message>
        <source>Check in a new customer</source>
        <translation>新客户接车登记</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Vehicle (optional)</source>
        <translation>车辆（可选）</translation>
    </message>
    <message>
        <source>What the customer wants today (e.g. oil change, noise from front left)</source>
        <translation>客户今天的需求（例如：换机油、左前异响）</translation>
    </message>
    <message>
        <source>Customer&apos;s co&amp;ncern</source>
        <translation>客户描述的问题(&amp;N)</translation>
    </message>
    <message>
        <source>Open the car&apos;s &amp;repair order now</source>
        <translation>现在为该车开维修单(&amp;R)</translation>
    </message>
    <message>
        <source>Print the &amp;job card</source>
        <translation>打印派维修单(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Check in</source>
        <translation>接车登记(&amp;C)</translation>
    </message>
    <message>
        <source>BLACKLISTED</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <source>Already on file? {matches}</source>
        <translation>已有档案？{matches}</translation>
    </message>
    <message>
        <source>Checked in; please check: {problems}</source>
        <translation>已接车；请核对：{problems}</translation>
    </message>
    <message>
        <source>Checked in {display_name}</source>
        <translation>已为 {display_name} 办理接车</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>接车登记</translation>
    </message>
    <message>
        <source>km on the dashboard</source>
        <translation>仪表盘显示的公里数</translation>
    </message>
    <message>
        <source>Only if lower than last time</source>
        <translation>仅当低于上次读数时</translation>
    </message>
    <message>
        <source>The customer&apos;s concerns, in their words</source>
        <translation>客户描述的问题（客户原话）</translation>
    </message>
    <message>
        <source>&amp;Plate</source>
        <translation>车牌(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Odometer</source>
        <translation>里程表(&amp;O)</translation>
    </message>
    <message>
        <source>Reason if &amp;lower</source>
        <translation>降低原因(&amp;L)</translation>
    </message>
    <message>
        <source>Co&amp;ncerns</source>
        <translation>问题描述(&amp;N)</translation>
    </message>
    <message>
        <source>{car}, {customer}; last reading {km} km on {date}</source>
        <translation>{car}，{customer}；上次里程 {km} 公里（{date}）</translation>
    </message>
    <message>
        <source>{car}, {customer}</source>
        <translation>{car}，{customer}</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>the database file is damaged: restore it from a backup (shopdesk restore, or File → Backups…)</source>
        <translation>数据库文件已损坏：请从备份恢复（shopdesk restore，或“文件 → 备份…”）</translation>
    </message>
    <message>
        <source>SQLite reports: {problem}</source>
        <translation>SQLite 报告：{problem}</translation>
    </message>
    <message>
        <source>{table} row {row} points to a missing {parent}</source>
        <translation>{table} 的第 {row} 行指向不存在的 {parent}</translation>
    </message>
    <message>
        <source>schema version {found}, expected {latest}</source>
        <translation>数据库结构版本为 {found}，应为 {latest}</translation>
    </message>
    <message>
        <source>{count} settings rows; there must be one</source>
        <translation>有 {count} 行设置；必须恰好一行</translation>
    </message>
    <message>
        <source>no active owner account: nobody can manage users or settings</source>
        <translation>没有启用中的店主账户：无人能管理用户或设置</translation>
    </message>
    <message>
        <source>{count} default tax rates; there must be exactly one</source>
        <translation>有 {count} 个默认税率；必须恰好一个</translation>
    </message>
    <message>
        <source>part {sku} shows {cache} on hand but its movements add up to {ledger}</source>
        <translation>配件 {sku} 显示库存 {cache}，但其出入库记录合计为 {ledger}</translation>
    </message>
    <message>
        <source>part {sku}: {later} was posted against the figure from before {first} posted (both were open at once); count the part again</source>
        <translation>配件 {sku}：{later} 过账时用的是 {first} 过账之前的账面数（两张盘点单同时未结）；请重新盘点该配件</translation>
    </message>
    <message>
        <source>the month summary shows {summary} moved in {month} but the ledger&apos;s movements add up to {ledger}</source>
        <translation>月汇总显示 {month} 的变动金额为 {summary}，但库存台账的记录合计为 {ledger}</translation>
    </message>
    <message>
        <source>purchase order line #{id} received more than ordered</source>
        <translation>采购单明细 #{id} 的收货数量超过了订购数量</translation>
    </message>
    <message>
        <source>{reference}: {back} of part {sku} came back but only {out} went out to it</source>
        <translation>{reference}：配件 {sku} 退回 {back}，但只领出了 {out}</translation>
    </message>
    <message>
        <source>could not run: {problem}</source>
        <translation>无法运行：{problem}</translation>
    </message>
    <message>
        <source>part {sku} shows {cache} cores on hand but its core movements add up to {ledger}</source>
        <translation>配件 {sku} 显示现有旧件 {cache} 个，但其旧件流水合计为 {ledger}</translation>
    </message>
    <message>
        <source>part #{id} has fewer than zero cores on hand</source>
        <translation>配件 #{id} 的现有旧件少于零</translation>
    </message>
    <message>
        <source>core return #{id} does not match the core lines of credit note {number}</source>
        <translation>旧件退回 #{id} 与红字发票 {number} 的旧件明细不符</translation>
    </message>
    <message>
        <source>{number} is marked a comeback of {original}, which is not earlier invoiced work on the same vehicle</source>
        <translation>{number} 被标记为 {original} 的返修，但后者并非同一车辆之前已开票的维修</translation>
    </message>
    <message>
        <source>{number} has no-charge warranty lines but is not a comeback</source>
        <translation>{number} 有免费保修明细，但不是返修单</translation>
    </message>
    <message>
        <source>supplier claim #{id} is neither open nor credited</source>
        <translation>供应商索赔 #{id} 既不是未结也不是已退款</translation>
    </message>
    <message>
        <source>{count} merged customer(s) are not archived</source>
        <translation>{count} 个已合并的客户未归档</translation>
    </message>
    <message>
        <source>{count} customer(s) show a grade that is neither the automatic one nor an override</source>
        <translation>{count} 个客户显示的等级既不是自动等级也不是手动设置的等级</translation>
    </message>
    <message>
        <source>vehicle {id}: its owner and ownership history disagree</source>
        <translation>车辆 {id}：其车主与车主历史不一致</translation>
    </message>
    <message>
        <source>vehicle {id}: odometer {odometer} but last reading {reading}</source>
        <translation>车辆 {id}：里程表为 {odometer}，但最近一次读数为 {reading}</translation>
    </message>
    <message>
        <source>{count} customer(s) have stale search keys (e.g. number {id}): run &apos;shopdesk customers reindex&apos;</source>
        <translation>{count} 个客户的搜索索引已过期（例如编号 {id}）：请运行 &apos;shopdesk customers reindex&apos;</translation>
    </message>
    <message>
        <source>{count} customer(s) buy at price level {level}, which does not exist</source>
        <translation>{count} 个客户按价格等级 {level} 购买，但该等级不存在</translation>
    </message>
    <message>
        <source>{count} part price(s) are at price level {level}, which does not exist</source>
        <translation>{count} 个配件价格属于价格等级 {level}，但该等级不存在</translation>
    </message>
    <message>
        <source>{count} manual mark(s) are at price level {level}, which does not exist</source>
        <translation>{count} 个手动设置标记属于价格等级 {level}，但该等级不存在</translation>
    </message>
    <message>
        <source>catalogue line {number} has no cost or pack size</source>
        <translation>目录行 {number} 没有成本或包装数量</translation>
    </message>
    <message>
        <source>line #{line} of order #{order} issued more parts than it holds</source>
        <translation>维修单 #{order} 的明细 #{line} 领用的配件多于其数量</translation>
    </message>
    <message>
        <source>technician #{id} is clocked on {count} jobs at once</source>
        <translation>技师 #{id} 同时在 {count} 项工作上打卡</translation>
    </message>
    <message>
        <source>{number} is finished but a clock is still running on it</source>
        <translation>{number} 已完成，但仍有计时在进行</translation>
    </message>
    <message>
        <source>{number} is invoiced but was never done</source>
        <translation>{number} 已开票，但从未完工</translation>
    </message>
    <message>
        <source>{number}: its status differs from the last step of its history</source>
        <translation>{number}：其状态与状态历史的最后一步不符</translation>
    </message>
    <message>
        <source>{series} numbers of {year} are not 1..{count} without gaps (from {low} to {high}, {distinct} distinct)</source>
        <extracomment>Issued documents re-computed in full with the rounding rule (the newest ones).</extracomment>
        <translation>{year} 年的 {series} 编号不是连续无缺号的 1..{count}（从 {low} 到 {high}，共 {distinct} 个不同编号）</translation>
    </message>
    <message>
        <source>{series} counter of {year} is at {counter} but the last issued number is {last}</source>
        <translation>{year} 年的 {series} 计数器为 {counter}，但最后开出的编号是 {last}</translation>
    </message>
    <message>
        <source>{count} issued documents have no number</source>
        <translation>{count} 张已开具的单据没有编号</translation>
    </message>
    <message>
        <source>{count} drafts or void documents hold a number</source>
        <translation>{count} 张草稿或作废单据占用了编号</translation>
    </message>
    <message>
        <source>{number}: cached totals differ from its lines</source>
        <translation>{number}：保存的合计与明细不符</translation>
    </message>
    <message>
        <source>{number}: totals {gross} but its lines give {lines} by the rounding rule</source>
        <translation>{number}：合计为 {gross}，但按舍入规则其明细合计为 {lines}</translation>
    </message>
    <message>
        <source>{number}: paid figure differs from its payments</source>
        <translation>{number}：已付金额与其收款记录不符</translation>
    </message>
    <message>
        <source>{number}: paid and credited exceed its total</source>
        <translation>{number}：已付与已冲红金额之和超过了发票总额</translation>
    </message>
    <message>
        <source>{number}: credited figure differs from its credit notes</source>
        <translation>{number}：已冲红金额与其红字发票不符</translation>
    </message>
    <message>
        <source>{name} has negative store credit</source>
        <translation>{name} 的店内余额为负数</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>Supplier no.</source>
        <translation>供应商编号</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Cost per pack</source>
        <translation>每包成本</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation>包装</translation>
    </message>
    <message>
        <source>Cost per unit</source>
        <translation>单位成本</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Linked part</source>
        <translation>关联配件</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近到店</translation>
    </message>
    <message>
        <source>Blacklist</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Make</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>车主</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation>里程</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开单时间</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last vehicle</source>
        <translation>最近车辆</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Marketing OK</source>
        <translation>接受营销</translation>
    </message>
    <message>
        <source>Prefers</source>
        <translation>偏好联系方式</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>货位</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Reorder at</source>
        <translation>再订货点</translation>
    </message>
    <message>
        <source>Retail</source>
        <translation>零售价</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>批发价</translation>
    </message>
    <message>
        <source>Avg cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>单位成本</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>已订购</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Account no.</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Lead time (days)</source>
        <translation>交货期（天）</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>付款条件</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
</context>
<context>
    <name>ComebackDialog</name>
    <message>
        <source>Comeback of an earlier repair order</source>
        <translation>之前维修单的返修</translation>
    </message>
    <message>
        <source>The car came back for work done before. Choose that order (this vehicle&apos;s invoiced orders):</source>
        <translation>车辆因之前的维修返厂。请选择那张维修单（本车已开票的维修单）：</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开单时间</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation>里程</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>What came back, e.g. noise again, leaking</source>
        <translation>返修原因，例如：再次异响、漏油</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>原因(&amp;W)</translation>
    </message>
    <message>
        <source>This vehicle has no earlier invoiced repair order: a comeback links to work already done on it.</source>
        <translation>本车没有之前已开票的维修单：返修必须关联到已完成的维修。</translation>
    </message>
    <message>
        <source>Choose the earlier order</source>
        <translation>选择之前的维修单</translation>
    </message>
</context>
<context>
    <name>ComebackPanel</name>
    <message>
        <source>The car came back for earlier work: link this order to it (warranty work)</source>
        <translation>车辆因之前的维修返厂：将本单关联到那张单（保修施工）</translation>
    </message>
    <message>
        <source>Do the selected line at no charge: its cost is booked as warranty cost (again: charge it)</source>
        <translation>所选项目免费施工：其成本计入保修成本（再按一次：收费）</translation>
    </message>
    <message>
        <source>Send the selected failed part back to its supplier under warranty; tracked until credited</source>
        <translation>将所选故障件按保修退回供应商；跟踪至退款到账</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation>{months} 个月</translation>
    </message>
    <message>
        <source> / {km} km</source>
        <translation> / {km} 公里</translation>
    </message>
    <message>
        <source>covered</source>
        <translation>在保</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>&lt;b&gt;under warranty&lt;/b&gt;</source>
        <translation>&lt;b&gt;在保修期内&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;out of warranty&lt;/b&gt;</source>
        <translation>&lt;b&gt;已过保修期&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Comeback of {original} (invoiced {date}, {since} ago): {state}. {lines}</source>
        <translation>{original} 的返修（开票于 {date}，{since}前）：{state}。{lines}</translation>
    </message>
    <message>
        <source>No charge (warranty): {lines}</source>
        <translation>免费（保修）：{lines}</translation>
    </message>
    <message>
        <source>Marked as a comeback</source>
        <translation>已标记为返修</translation>
    </message>
    <message>
        <source>No charge (warranty)</source>
        <translation>免费（保修）</translation>
    </message>
    <message>
        <source>Comeback of…</source>
        <translation>返修自…</translation>
    </message>
    <message>
        <source>Failed part back…</source>
        <translation>故障件退回…</translation>
    </message>
    <message>
        <source>Charged again</source>
        <translation>重新收费</translation>
    </message>
    <message>
        <source>Select the part line of the failed part</source>
        <translation>请选择故障件所在的配件行</translation>
    </message>
    <message>
        <source>Failed part back to the supplier</source>
        <translation>故障件退回供应商</translation>
    </message>
    <message>
        <source>{description}: the supplier&apos;s credit is tracked until it arrives.</source>
        <translation>{description}：供应商的退款会一直跟踪到收到为止。</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Expected credit (blank: its cost)</source>
        <translation>预计退款（留空：按成本）(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>Failed part sent back; credit tracked</source>
        <translation>故障件已退回；跟踪退款</translation>
    </message>
</context>
<context>
    <name>ComebacksTab</name>
    <message>
        <source>Invoiced from</source>
        <translation>开票日期从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;Warranty terms…</source>
        <translation>保修条款(&amp;W)…</translation>
    </message>
    <message>
        <source>Comebacks</source>
        <translation>返修</translation>
    </message>
    <message>
        <source>Warranty cost</source>
        <translation>保修成本</translation>
    </message>
    <message>
        <source>Price forgone</source>
        <translation>放弃的收入</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>技师</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Comeback</source>
        <translation>返修</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>共</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>已开票</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>The period ends before it starts</source>
        <translation>期间的结束早于开始</translation>
    </message>
    <message>
        <source>Comebacks: {count} · warranty cost {cost} (parts {parts}, labour {labour}) · price not charged {forgone} · {claims} failed parts with suppliers, {expected} credit expected</source>
        <translation>返修：{count} · 保修成本 {cost}（配件 {parts}，工时 {labour}）· 未收费 {forgone} · {claims} 个故障件在供应商处，预计退款 {expected}</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <source>Complaint from {name}</source>
        <translation>{name} 的投诉</translation>
    </message>
    <message>
        <source>&amp;Open complaint</source>
        <translation>登记投诉(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Subject</source>
        <translation>主题(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>资料(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Handled by</source>
        <translation>负责人(&amp;H)</translation>
    </message>
    <message>
        <source>e.g. RO-000123 (blank: none)</source>
        <translation>例如 RO-000123（留空：无）</translation>
    </message>
    <message>
        <source>&amp;Repair order no.</source>
        <translation>维修单号(&amp;R)</translation>
    </message>
    <message>
        <source>e.g. RA-2026-00184 (blank: none)</source>
        <translation>例如 RA-2026-00184（留空：无）</translation>
    </message>
    <message>
        <source>&amp;Invoice no.</source>
        <translation>发票号(&amp;I)</translation>
    </message>
</context>
<context>
    <name>CoreReturnDialog</name>
    <message>
        <source>Core return</source>
        <translation>旧件退回</translation>
    </message>
    <message>
        <source>Sales with cores still out. Choose the one the old unit was sold with; its deposit is refunded.</source>
        <translation>旧件尚未退回的销售。请选择售出该旧件时的那笔；其押金将被退还。</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>在外</translation>
    </message>
    <message>
        <source>Deposit each</source>
        <translation>每件押金</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>店内余额</translation>
    </message>
    <message>
        <source>&amp;Cores brought back</source>
        <translation>已退回的旧件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Refund as</source>
        <translation>退款方式(&amp;R)</translation>
    </message>
    <message>
        <source>Take core &amp;back</source>
        <translation>收回旧件(&amp;B)</translation>
    </message>
    <message>
        <source>No cores are outstanding here: a core return must match an earlier sale of the part with its deposit.</source>
        <translation>这里没有未退回的旧件：旧件退回必须对应之前一笔带押金的该配件销售。</translation>
    </message>
    <message>
        <source>Choose the sale the core was sold with</source>
        <translation>选择售出该旧件时的那笔销售</translation>
    </message>
</context>
<context>
    <name>CoresTab</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>自</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>在外</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>押金</translation>
    </message>
    <message>
        <source>Take core &amp;back…</source>
        <translation>收回旧件(&amp;B)…</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <source>Deposit value</source>
        <translation>押金金额</translation>
    </message>
    <message>
        <source>&amp;Send to supplier…</source>
        <translation>退给供应商(&amp;S)…</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预计</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Cre&amp;dit received…</source>
        <translation>已收到退款(&amp;D)…</translation>
    </message>
    <message>
        <source>Cores out with customers: {count} · deposits {amount}</source>
        <translation>客户处未退旧件：{count} · 押金 {amount}</translation>
    </message>
    <message>
        <source>Cores on hand, waiting to go back to suppliers: {count}</source>
        <translation>店内待退供应商的旧件：{count}</translation>
    </message>
    <message>
        <source>Sent back, credit not yet received: {amount}</source>
        <translation>已退回，尚未收到退款：{amount}</translation>
    </message>
    <message>
        <source>Cores</source>
        <translation>旧件</translation>
    </message>
    <message>
        <source>Warranty</source>
        <translation>保修</translation>
    </message>
    <message>
        <source>Send cores to {supplier}</source>
        <translation>将旧件退给 {supplier}</translation>
    </message>
    <message>
        <source>{sku} {name}: {count} on hand. The supplier&apos;s credit is tracked until it arrives.</source>
        <translation>{sku} {name}：现有 {count}。供应商的退款会一直跟踪到收到为止。</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Expected credit (blank: deposit)</source>
        <translation>预计退款（留空：按押金）(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Reference</source>
        <translation>参考号(&amp;R)</translation>
    </message>
    <message>
        <source>Credit from {supplier}</source>
        <translation>{supplier} 的退款</translation>
    </message>
    <message>
        <source>{qty} x {sku} sent back, {amount} expected.</source>
        <translation>已退回 {qty} x {sku}，预计 {amount}。</translation>
    </message>
    <message>
        <source>&amp;Credit received</source>
        <translation>已收到退款(&amp;C)</translation>
    </message>
    <message>
        <source>Credit note &amp;number</source>
        <translation>红字发票号(&amp;N)</translation>
    </message>
</context>
<context>
    <name>CostPreviewDialog</name>
    <message>
        <source>Update costs from {supplier}</source>
        <translation>从 {supplier} 更新成本</translation>
    </message>
    <message>
        <source>{count} part cost(s) would change (cost per unit = cost per pack / pack size):</source>
        <translation>将有 {count} 个配件成本变化（单位成本 = 每包成本 / 每包数量）：</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Supplier no.</source>
        <translation>供应商编号</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation>包装</translation>
    </message>
    <message>
        <source>Old cost</source>
        <translation>原成本</translation>
    </message>
    <message>
        <source>New cost</source>
        <translation>新成本</translation>
    </message>
    <message>
        <source>Then the markup matrix reprices {count} price(s):</source>
        <translation>然后加价矩阵将重新定价 {count} 个价格：</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Old price</source>
        <translation>原价格</translation>
    </message>
    <message>
        <source>New price</source>
        <translation>新价格</translation>
    </message>
    <message>
        <source>Old margin</source>
        <translation>原毛利率</translation>
    </message>
    <message>
        <source>New margin</source>
        <translation>新毛利率</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
</context>
<context>
    <name>CounterReports</name>
    <message>
        <source>Counter reports</source>
        <translation>柜台报表</translation>
    </message>
    <message>
        <source>&amp;Cores</source>
        <translation>旧件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Lost sales</source>
        <translation>流失销售(&amp;L)</translation>
    </message>
    <message>
        <source>Co&amp;mebacks</source>
        <translation>返修(&amp;M)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CounterSale</name>
    <message>
        <source>Counter sale</source>
        <translation>柜台销售</translation>
    </message>
    <message>
        <source>C&amp;ustomer… (F4)</source>
        <translation>客户(&amp;U)… (F4)</translation>
    </message>
    <message>
        <source>Cas&amp;h customer</source>
        <translation>散客(&amp;H)</translation>
    </message>
    <message>
        <source>{level} prices</source>
        <translation>{level}价格</translation>
    </message>
    <message>
        <source>Sold to:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>Scan a barcode or type a part number, then Enter</source>
        <translation>扫描条码或输入配件号，然后按 Enter</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Re&amp;move line (Del)</source>
        <translation>删除行(&amp;M) (Del)</translation>
    </message>
    <message>
        <source>&amp;Lost sale (Ctrl+L)</source>
        <translation>流失销售(&amp;L) (Ctrl+L)</translation>
    </message>
    <message>
        <source>The customer asked for something we cannot sell (not stocked, out of stock, price)</source>
        <translation>客户要的东西我们卖不了（不经营、缺货、价格）</translation>
    </message>
    <message>
        <source>Pay by car&amp;d</source>
        <translation>刷卡支付(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Take payment (F12)</source>
        <translation>收款(&amp;T) (F12)</translation>
    </message>
    <message>
        <source>Take payment (cash)</source>
        <translation>收款（现金）</translation>
    </message>
    <message>
        <source>Pick the customer</source>
        <translation>选择客户</translation>
    </message>
    <message>
        <source>Record a lost sale (what was just scanned or typed)</source>
        <translation>记录流失销售（刚扫描或输入的内容）</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>删除所选行</translation>
    </message>
    <message>
        <source>No part with barcode or number {code!r}</source>
        <translation>没有条码或编号为 {code!r} 的配件</translation>
    </message>
    <message>
        <source>{refusal} · Ctrl+L records the lost sale</source>
        <translation>{refusal} · 按 Ctrl+L 记录流失销售</translation>
    </message>
    <message>
        <source>Lost sale recorded</source>
        <translation>已记录流失销售</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;font-size:18pt&apos;&gt;&lt;b&gt;Total {money}&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;font-size:18pt&apos;&gt;&lt;b&gt;合计 {money}&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>{number}: {outcome}</source>
        <translation>{number}：{outcome}</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
</context>
<context>
    <name>CreditNoteDialog</name>
    <message>
        <source>Credit note for {number}</source>
        <translation>{number} 的红字发票</translation>
    </message>
    <message>
        <source>Quantity to credit on each line (0 leaves it out). Parts credited go back into stock.</source>
        <translation>每行要冲红的数量（0 表示不冲红）。冲红的配件会退回库存。</translation>
    </message>
    <message>
        <source>At most {quantity}</source>
        <translation>最多 {quantity}</translation>
    </message>
    <message>
        <source>{description} ({quantity} × {money}; {quantity2} creditable)</source>
        <translation>{description}（{quantity} × {money}；可冲红 {quantity2}）</translation>
    </message>
    <message>
        <source>Credit the whole invoice (everything not yet credited)</source>
        <translation>冲红整张发票（所有尚未冲红的内容）</translation>
    </message>
    <message>
        <source>why, e.g. wrong part, returned unused</source>
        <translation>原因，例如：配件错误、未使用退回</translation>
    </message>
    <message>
        <source>Return credited parts to stock</source>
        <translation>冲红的配件退回库存</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Money already paid goes back as</source>
        <translation>已付款项退回方式</translation>
    </message>
    <message>
        <source>Issue credit note</source>
        <translation>开具红字发票</translation>
    </message>
    <message>
        <source>Enter a quantity on at least one line, or credit the whole invoice</source>
        <translation>请至少在一行中输入数量，或冲红整张发票</translation>
    </message>
</context>
<context>
    <name>CreditRefundDialog</name>
    <message>
        <source>Refund store credit – {name}</source>
        <translation>退还店内余额 – {name}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;Store credit: &lt;span style=&apos;font-size:16pt&apos;&gt;{money}&lt;/span&gt;</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;店内余额：&lt;span style=&apos;font-size:16pt&apos;&gt;{money}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>card slip, cheque or transfer number</source>
        <translation>刷卡单、支票或转账号</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>Refund a&amp;s</source>
        <translation>退款方式(&amp;S)</translation>
    </message>
    <message>
        <source>Re&amp;ference</source>
        <translation>参考号(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refund</source>
        <translation>退款(&amp;R)</translation>
    </message>
</context>
<context>
    <name>CustomerFileView</name>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Make</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation>里程</translation>
    </message>
    <message>
        <source>Fuel</source>
        <translation>燃油</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Concern / note</source>
        <translation>故障描述 / 备注</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>应付</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>沟通内容</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>提问时间</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Recommend</source>
        <translation>推荐意愿</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>评语</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>保养项目</translation>
    </message>
    <message>
        <source>At km</source>
        <translation>到期里程</translation>
    </message>
    <message>
        <source>Last done</source>
        <translation>上次保养</translation>
    </message>
    <message>
        <source>← Customers</source>
        <extracomment>what a customer&apos;s file shows: a change to any of it reloads the file (when it next shows)</extracomment>
        <translation>← 客户</translation>
    </message>
    <message>
        <source>Back to the list (Esc)</source>
        <translation>返回列表 (Esc)</translation>
    </message>
    <message>
        <source>&amp;Log contact</source>
        <translation>记录联系(&amp;L)</translation>
    </message>
    <message>
        <source>Log a call, visit, message or e-mail (Ctrl+L)</source>
        <translation>记录电话、来访、短信或邮件 (Ctrl+L)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Edit the customer&apos;s details (Ctrl+E)</source>
        <translation>编辑客户资料 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Set &amp;grade…</source>
        <translation>设置等级(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Tags…</source>
        <translation>标签(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Blacklist / clear…</source>
        <translation>列入 / 移出黑名单(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Merge into another customer…</source>
        <translation>合并到另一位客户(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Archive / restore</source>
        <translation>归档 / 恢复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Core return…</source>
        <translation>旧件退回(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Book appointment</source>
        <translation>预约(&amp;B)</translation>
    </message>
    <message>
        <source>Ne&amp;w repair order</source>
        <translation>新建维修单(&amp;W)</translation>
    </message>
    <message>
        <source>Log a call, visit or message</source>
        <translation>记录电话、来访或短信</translation>
    </message>
    <message>
        <source>Edit the customer&apos;s details</source>
        <translation>编辑客户资料</translation>
    </message>
    <message>
        <source>Book an appointment for the selected car</source>
        <translation>为所选车辆预约</translation>
    </message>
    <message>
        <source>New repair order for the selected car</source>
        <translation>为所选车辆新建维修单</translation>
    </message>
    <message>
        <source>Print the customer&apos;s statement (this month and the three before)</source>
        <translation>打印客户对账单（本月及前三个月）</translation>
    </message>
    <message>
        <source>Last visit:</source>
        <translation>上次到店：</translation>
    </message>
    <message>
        <source>Visits, last 12 months:</source>
        <translation>近 12 个月到店次数：</translation>
    </message>
    <message>
        <source>Balance owed:</source>
        <translation>欠款余额：</translation>
    </message>
    <message>
        <source>Open items:</source>
        <translation>待办事项：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Company tax ID:</source>
        <translation>公司税号：</translation>
    </message>
    <message>
        <source>Payment terms:</source>
        <translation>付款期限：</translation>
    </message>
    <message>
        <source>Price level:</source>
        <translation>价格等级：</translation>
    </message>
    <message>
        <source>Contact by:</source>
        <translation>联系方式：</translation>
    </message>
    <message>
        <source>Marketing:</source>
        <translation>营销：</translation>
    </message>
    <message>
        <source>Grade:</source>
        <translation>等级：</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Customer since:</source>
        <translation>建档日期：</translation>
    </message>
    <message>
        <source>No vehicles</source>
        <translation>没有车辆</translation>
    </message>
    <message>
        <source>Add the customer&apos;s car with Add vehicle.</source>
        <translation>用“添加车辆”登记客户的车。</translation>
    </message>
    <message>
        <source>Add vehicle</source>
        <translation>添加车辆</translation>
    </message>
    <message>
        <source>Odometer…</source>
        <translation>里程…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>过户…</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <source>Book…</source>
        <translation>预约…</translation>
    </message>
    <message>
        <source>Repair order…</source>
        <translation>维修单…</translation>
    </message>
    <message>
        <source>&amp;Vehicles</source>
        <translation>车辆(&amp;V)</translation>
    </message>
    <message>
        <source>No visits yet</source>
        <translation>还没有到店记录</translation>
    </message>
    <message>
        <source>Repair orders and logged visits appear here: New repair order (Ctrl+R) checks the car in.</source>
        <translation>维修单和登记的到店记录显示在这里：“新建维修单”（Ctrl+R）为车辆接车。</translation>
    </message>
    <message>
        <source>Open order (Enter)</source>
        <translation>打开维修单 (Enter)</translation>
    </message>
    <message>
        <source>Open invoice (Enter)</source>
        <translation>打开发票 (Enter)</translation>
    </message>
    <message>
        <source>Take payment (F12)</source>
        <translation>收款 (F12)</translation>
    </message>
    <message>
        <source>The selected invoice, or the oldest unpaid one; other open invoices can be ticked too</source>
        <translation>所选发票，或最早的未付发票；也可勾选其他未付发票</translation>
    </message>
    <message>
        <source>S&amp;tatement…</source>
        <translation>对账单(&amp;T)…</translation>
    </message>
    <message>
        <source>Open &amp;complaint…</source>
        <translation>登记投诉(&amp;C)…</translation>
    </message>
    <message>
        <source>Start wor&amp;k</source>
        <translation>开始处理(&amp;K)</translation>
    </message>
    <message>
        <source>Warrant&amp;y repair order…</source>
        <translation>保修返修单(&amp;Y)…</translation>
    </message>
    <message>
        <source>The car came back for the work the complaint is about: a repair order that redoes it at no charge (its cost booked as warranty cost)</source>
        <translation>车辆因投诉所涉的维修返厂：新建一张免费重做的维修单（其成本记为保修成本）</translation>
    </message>
    <message>
        <source>Re&amp;solve…</source>
        <translation>解决(&amp;S)…</translation>
    </message>
    <message>
        <source>Visits &amp;&amp; repair &amp;orders</source>
        <translation>到店与维修单(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>更多(&amp;M)</translation>
    </message>
    <message>
        <source>Det&amp;ails</source>
        <translation>资料(&amp;A)</translation>
    </message>
    <message>
        <source>Edi&amp;t</source>
        <translation>编辑(&amp;T)</translation>
    </message>
    <message>
        <source>No invoices</source>
        <translation>没有发票</translation>
    </message>
    <message>
        <source>Invoices and credit notes for this customer appear here.</source>
        <translation>该客户的发票和红字发票显示在这里。</translation>
    </message>
    <message>
        <source>The statement for a period you choose, to preview, print or save; Ctrl+P anywhere in the file prints it at once</source>
        <translation>按所选期间生成对账单，可预览、打印或保存；在客户档案中任意位置按 Ctrl+P 可直接打印</translation>
    </message>
    <message>
        <source>Refund store credit…</source>
        <translation>退还店内余额…</translation>
    </message>
    <message>
        <source>&amp;Invoices</source>
        <translation>发票(&amp;I)</translation>
    </message>
    <message>
        <source>No contacts logged</source>
        <translation>没有沟通记录</translation>
    </message>
    <message>
        <source>Log calls, visits and messages with Log contact (Ctrl+L).</source>
        <translation>用“记录沟通”（Ctrl+L）记录电话、到访和消息。</translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation>记录沟通</translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation>跟进完成</translation>
    </message>
    <message>
        <source>I&amp;nteractions</source>
        <translation>沟通记录(&amp;N)</translation>
    </message>
    <message>
        <source>No inquiries</source>
        <translation>没有咨询</translation>
    </message>
    <message>
        <source>Questions the customer asked, with the answers given.</source>
        <translation>客户提出的问题及给出的答复。</translation>
    </message>
    <message>
        <source>New inquiry</source>
        <translation>新建咨询</translation>
    </message>
    <message>
        <source>Knowledge base…</source>
        <translation>知识库…</translation>
    </message>
    <message>
        <source>In&amp;quiries</source>
        <translation>咨询(&amp;Q)</translation>
    </message>
    <message>
        <source>No complaints</source>
        <translation>没有投诉</translation>
    </message>
    <message>
        <source>Nothing to put right.</source>
        <translation>没有需要处理的问题。</translation>
    </message>
    <message>
        <source>Com&amp;plaints</source>
        <translation>投诉(&amp;P)</translation>
    </message>
    <message>
        <source>No surveys</source>
        <translation>没有满意度调查</translation>
    </message>
    <message>
        <source>Record a survey during the follow-up call after a job.</source>
        <translation>在完工后的回访电话中记录满意度调查。</translation>
    </message>
    <message>
        <source>Record survey</source>
        <translation>记录调查</translation>
    </message>
    <message>
        <source>Statistics…</source>
        <translation>统计…</translation>
    </message>
    <message>
        <source>S&amp;urveys</source>
        <translation>满意度调查(&amp;U)</translation>
    </message>
    <message>
        <source>No services due</source>
        <translation>没有到期保养</translation>
    </message>
    <message>
        <source>No maintenance package fits the customer&apos;s vehicles yet (packages are set up under Repair orders).</source>
        <translation>还没有适合该客户车辆的保养套餐（套餐在“维修单”中设置）。</translation>
    </message>
    <message>
        <source>&amp;Reminders</source>
        <translation>提醒(&amp;R)</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation>（已归档）</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>home</source>
        <translation>住宅</translation>
    </message>
    <message>
        <source>work</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>&amp;Vehicles ({count})</source>
        <translation>车辆(&amp;V) ({count})</translation>
    </message>
    <message>
        <source>Visits &amp;&amp; repair &amp;orders ({count})</source>
        <translation>到店与维修单(&amp;O) ({count})</translation>
    </message>
    <message>
        <source>&amp;Invoices ({amount} due)</source>
        <translation>发票(&amp;I)（应付 {amount}）</translation>
    </message>
    <message>
        <source>&amp;Invoices ({count})</source>
        <translation>发票(&amp;I)（{count}）</translation>
    </message>
    <message>
        <source>&amp;Reminders ({count} overdue)</source>
        <translation>提醒(&amp;R)（{count} 项逾期）</translation>
    </message>
    <message>
        <source>&amp;Reminders ({count})</source>
        <translation>提醒(&amp;R)（{count}）</translation>
    </message>
    <message>
        <source>I&amp;nteractions ({count})</source>
        <translation>沟通记录(&amp;N) ({count})</translation>
    </message>
    <message>
        <source>Com&amp;plaints ({count} open)</source>
        <translation>投诉(&amp;P)（{count} 项未结）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>(store credit {amount})</source>
        <translation>（店内余额 {amount}）</translation>
    </message>
    <message>
        <source>{count} follow-up(s), next {date}</source>
        <translation>{count} 项跟进，下次 {date}</translation>
    </message>
    <message>
        <source>{count} open complaint(s)</source>
        <translation>{count} 项未结投诉</translation>
    </message>
    <message>
        <source>nothing open</source>
        <translation>无未完成事项</translation>
    </message>
    <message>
        <source>Shop default</source>
        <translation>店铺默认值</translation>
    </message>
    <message>
        <source>{payment_terms_days} days</source>
        <translation>{payment_terms_days} 天</translation>
    </message>
    <message>
        <source>Agrees to offers and reminders</source>
        <translation>同意接收优惠和提醒</translation>
    </message>
    <message>
        <source>No offers</source>
        <translation>不接收优惠</translation>
    </message>
    <message>
        <source>{grade} — set by hand: {grade_override_reason}</source>
        <translation>{grade} — 手动设置：{grade_override_reason}</translation>
    </message>
    <message>
        <source>{grade} (automatic, from spend and visits in the last 12 months)</source>
        <translation>{grade}（自动，根据最近 12 个月的消费和到店次数）</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>this month</source>
        <translation>本月到期</translation>
    </message>
    <message>
        <source>next month</source>
        <translation>下月到期</translation>
    </message>
    <message>
        <source>later</source>
        <translation>以后</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>corrects {number}</source>
        <translation>更正 {number}</translation>
    </message>
    <message>
        <source>{amount} credited</source>
        <translation>已冲红 {amount}</translation>
    </message>
    <message>
        <source>Balance owed: {amount}</source>
        <translation>欠款余额：{amount}</translation>
    </message>
    <message>
        <source>Store credit: {amount}</source>
        <translation>店内余额：{amount}</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>open</source>
        <translation>待答复</translation>
    </message>
    <message>
        <source>Open a customer&apos;s file first</source>
        <translation>请先打开客户档案</translation>
    </message>
    <message>
        <source>{name} owes nothing: no invoice is waiting for payment</source>
        <translation>{name} 没有欠款：没有待付的发票</translation>
    </message>
    <message>
        <source>The selected invoice is a draft: open it (Enter) to issue it and take payment</source>
        <translation>所选发票是草稿：打开它（Enter）开具并收款</translation>
    </message>
    <message>
        <source>Statement printed: {start} – {end}</source>
        <translation>对账单已打印：{start} – {end}</translation>
    </message>
    <message>
        <source>Booked for {when}: it shows at the front desk</source>
        <translation>已预约 {when}：会显示在前台</translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <source>Person</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>类型(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;First name</source>
        <translation>名(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Last name</source>
        <translation>姓(&amp;L)</translation>
    </message>
    <message>
        <source>Compan&amp;y</source>
        <translation>公司(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>e.g. {phone}</source>
        <translation>例如 {phone}</translation>
    </message>
    <message>
        <source>Second phone</source>
        <translation>第二电话</translation>
    </message>
    <message>
        <source>+ Add a phone</source>
        <translation>+ 添加电话</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation>电子邮件(&amp;M)</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>邮编</translation>
    </message>
    <message>
        <source>Company tax ID</source>
        <translation>公司税号</translation>
    </message>
    <message>
        <source>Shop default</source>
        <translation>店铺默认值</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>付款期限</translation>
    </message>
    <message>
        <source>Contact by</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Pri&amp;ce level</source>
        <translation>价格等级(&amp;C)</translation>
    </message>
    <message>
        <source>Agrees to offers and reminders</source>
        <translation>同意接收优惠和提醒</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove this phone</source>
        <translation>删除此电话</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>contact person</source>
        <translation>联系人</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>type a name, phone or plate, then Enter</source>
        <translation>输入姓名、电话或车牌，然后按 Enter</translation>
    </message>
    <message>
        <source>Pick a customer</source>
        <translation>选择客户</translation>
    </message>
    <message>
        <source>Name, phone, plate or VIN</source>
        <translation>姓名、电话、车牌或车架号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Enter picks the highlighted customer.</source>
        <translation>按 Enter 选择高亮的客户。</translation>
    </message>
</context>
<context>
    <name>CustomersScreen</name>
    <message>
        <source>My follow-&amp;ups</source>
        <extracomment>what the lists show (customers, their cars and last visits, complaints, the lapsed): a change to any of it refreshes them (when they next show)</extracomment>
        <translation>我的跟进(&amp;U)</translation>
    </message>
    <message>
        <source>New check-in: a new customer and their car</source>
        <translation>新建接车：新客户及其车辆</translation>
    </message>
    <message>
        <source>Find: name, company, phone digits, e-mail, plate, VIN (last 6)…</source>
        <translation>查找：姓名、公司、电话号码、电子邮件、车牌、车架号（后 6 位）…</translation>
    </message>
    <message>
        <source>All grades</source>
        <translation>所有等级</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>&amp;New check-in</source>
        <translation>新建接车(&amp;N)</translation>
    </message>
    <message>
        <source>A new customer and their car in one form (Ctrl+N)</source>
        <translation>在一张表单中登记新客户及其车辆 (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Bring in customers or vehicles from a spreadsheet (.xlsx or .csv)</source>
        <translation>从电子表格 (.xlsx 或 .csv) 导入客户或车辆</translation>
    </message>
    <message>
        <source>&amp;Grades…</source>
        <translation>客户等级(&amp;G)…</translation>
    </message>
    <message>
        <source>Set the spend and visit thresholds of each grade (owner)</source>
        <translation>设置各等级的消费和到店次数门槛（店主）</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>所有标签</translation>
    </message>
    <message>
        <source>{count:,} found for “{text}”{more}</source>
        <translation>“{text}”找到 {count:,} 个{more}</translation>
    </message>
    <message>
        <source>Nobody matches “{text}”. Press Ctrl+N to check in a new customer.</source>
        <translation>没有与“{text}”匹配的客户。按 Ctrl+N 登记新客户。</translation>
    </message>
    <message>
        <source>No customers yet: press Ctrl+N (New check-in) to add a customer and their car, or bring a list in with File → Import spreadsheet…</source>
        <translation>还没有客户：按 Ctrl+N（新建接车）添加客户及其车辆，或通过“文件 → 导入电子表格…”导入名单</translation>
    </message>
    <message>
        <source>{count:,} customers</source>
        <translation>{count:,} 位客户</translation>
    </message>
    <message>
        <source>Nobody matches “{text}”</source>
        <translation>没有与“{text}”匹配的客户</translation>
    </message>
    <message>
        <source>Try a phone number, a plate or the last 6 of the VIN, or press Ctrl+N to check in a new customer.</source>
        <translation>试试电话号码、车牌或车架号后 6 位，或按 Ctrl+N 为新客户接车。</translation>
    </message>
    <message>
        <source>No customer in this selection</source>
        <translation>当前筛选下没有客户</translation>
    </message>
    <message>
        <source>Choose All grades and All tags above to see everyone.</source>
        <translation>在上方选择“全部等级”和“全部标签”即可看到所有客户。</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>还没有客户</translation>
    </message>
    <message>
        <source>Press Ctrl+N (New check-in) to add a customer and their car, or bring a list in with File → Import spreadsheet…</source>
        <translation>按 Ctrl+N（新建接车）添加客户及其车辆，或通过“文件 → 导入电子表格…”导入客户名单。</translation>
    </message>
    <message>
        <source>Show resolved too</source>
        <translation>同时显示已解决的</translation>
    </message>
    <message>
        <source>No complaints to follow up</source>
        <translation>没有待跟进的投诉</translation>
    </message>
    <message>
        <source>Complaints are logged on the customer&apos;s file (Complaints tab → Open complaint) and followed here until resolved.</source>
        <translation>投诉在客户档案中登记（“投诉”选项卡 → 登记投诉），并在这里跟进直至解决。</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Com&amp;plaints</source>
        <translation>投诉(&amp;P)</translation>
    </message>
    <message>
        <source>No visit for</source>
        <translation>多久未到店</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>E&amp;xport for outreach…</source>
        <translation>导出用于回访(&amp;X)…</translation>
    </message>
    <message>
        <source>Export the lapsed customers for outreach</source>
        <translation>导出流失客户用于回访</translation>
    </message>
    <message>
        <source>No lapsed customers</source>
        <translation>没有流失客户</translation>
    </message>
    <message>
        <source>Customers who have not been back for the months chosen above show here, to call or send an offer.</source>
        <translation>超过上方所选月数未再到店的客户显示在这里，可致电或发送优惠。</translation>
    </message>
    <message>
        <source>&amp;Lapsed customers</source>
        <translation>流失客户(&amp;L)</translation>
    </message>
    <message>
        <source>Export lapsed customers</source>
        <translation>导出流失客户</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Lapsed customers</source>
        <translation>流失客户</translation>
    </message>
    <message>
        <source>Exporting lapsed customers</source>
        <translation>正在导出流失客户</translation>
    </message>
    <message>
        <source>{customers} written to {path}</source>
        <translation>已将{customers}写入 {path}</translation>
    </message>
    <message>
        <source>Open the customer&apos;s file first (Enter on the list), then F12</source>
        <translation>请先打开客户档案（在列表上按 Enter），再按 F12</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>SQLite file {path}</source>
        <extracomment>Pragmas for every SQLite connection. ``synchronous=full`` because a committed invoice must survive a power cut; WAL keeps readers (lists, reports) from blocking the writer.</extracomment>
        <translation>SQLite 文件 {path}</translation>
    </message>
    <message>
        <source>PostgreSQL database {name} on {host}</source>
        <translation>PostgreSQL 数据库 {name}（服务器 {host}）</translation>
    </message>
</context>
<context>
    <name>DemoMarking</name>
    <message>
        <source>DEMO SHOP — practice data</source>
        <translation>演示店铺 — 练习数据</translation>
    </message>
</context>
<context>
    <name>DeskMenu</name>
    <message>
        <source>Nothing to pay here: open an invoice, a customer&apos;s file or a repair order, then F12</source>
        <translation>此处没有可收款的项目：请打开发票、客户档案或维修单，再按 F12</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>前台(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Find customer, phone, plate or VIN</source>
        <translation>查找客户、电话、车牌或车架号(&amp;F)</translation>
    </message>
    <message>
        <source>New &amp;check-in (customer and car)…</source>
        <translation>新建接车（客户和车辆）(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Walk-in: repair order by plate…</source>
        <translation>临时到店：按车牌开维修单(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Book appointment…</source>
        <translation>预约(&amp;B)…</translation>
    </message>
    <message>
        <source>Counter &amp;sale…</source>
        <translation>柜台销售(&amp;S)…</translation>
    </message>
    <message>
        <source>Take &amp;payment</source>
        <translation>收款(&amp;P)</translation>
    </message>
</context>
<context>
    <name>DraftLinesDialog</name>
    <message>
        <source>Edit lines – draft for {customer}</source>
        <translation>编辑明细 – {customer} 的草稿</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Qty / h</source>
        <translation>数量/工时</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Disc. %</source>
        <translation>折扣 %</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Selected line</source>
        <translation>所选明细</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>应用(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;move line (Del)</source>
        <translation>删除明细(&amp;M) (Del)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Qty / h</source>
        <translation>数量/工时(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Unit price</source>
        <translation>单价(&amp;U)</translation>
    </message>
    <message>
        <source>Dis&amp;c. %</source>
        <translation>折扣 %(&amp;C)</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>新明细</translation>
    </message>
    <message>
        <source>Part no. / barcode</source>
        <translation>配件编号/条码</translation>
    </message>
    <message>
        <source>Qty / hours</source>
        <translation>数量/工时</translation>
    </message>
    <message>
        <source>Price (blank: the part&apos;s)</source>
        <translation>价格（留空：配件价格）</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation>添加明细(&amp;A)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>删除所选明细</translation>
    </message>
    <message>
        <source>Net {net} · tax {tax} · &lt;b&gt;total {total}&lt;/b&gt;</source>
        <translation>未税 {net} · 税额 {tax} · &lt;b&gt;合计 {total}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No part has the number or barcode {code}</source>
        <translation>没有编号或条码为 {code} 的配件</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>{value} is not an amount of money</source>
        <extracomment>methods whose overpayment is kept as store credit (money that has arrived anyway)</extracomment>
        <translation>{value} 不是有效金额</translation>
    </message>
    <message>
        <source>The discount {value} is not a number</source>
        <translation>折扣 {value} 不是数字</translation>
    </message>
    <message>
        <source>Not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>A discount must be between 0 and 100%, not {percent}%</source>
        <translation>折扣必须在 0 到 100% 之间，不能是 {percent}%</translation>
    </message>
    <message>
        <source>0 to 100%</source>
        <translation>0 到 100%</translation>
    </message>
    <message>
        <source>That customer no longer exists</source>
        <translation>该客户已不存在</translation>
    </message>
    <message>
        <source>{customer} is archived; restore the customer first</source>
        <translation>{customer} 已归档；请先恢复该客户</translation>
    </message>
    <message>
        <source>That vehicle no longer exists</source>
        <translation>该车辆已不存在</translation>
    </message>
    <message>
        <source>An appointment lasts from 5 minutes to a working week</source>
        <translation>预约时长须在 5 分钟到一个工作周之间</translation>
    </message>
    <message>
        <source>5 minutes or more</source>
        <translation>至少 5 分钟</translation>
    </message>
    <message>
        <source>That vehicle belongs to another customer</source>
        <translation>该车辆属于其他客户</translation>
    </message>
    <message>
        <source>Choose a member of staff as technician</source>
        <translation>请选择一名员工作为技师</translation>
    </message>
    <message>
        <source>Say which car the service is booked for</source>
        <translation>请说明预约保养的是哪辆车</translation>
    </message>
    <message>
        <source>{bay} is already booked {start}–{end} ({customer}): choose another time or bay</source>
        <translation>{bay} 在 {start}–{end} 已有预约（{customer}）：请选择其他时间或工位</translation>
    </message>
    <message>
        <source>Already booked</source>
        <translation>已有预约</translation>
    </message>
    <message>
        <source>That technician is already booked {start}–{end} ({customer}): choose another time or technician</source>
        <translation>该技师在 {start}–{end} 已有预约（{customer}）：请选择其他时间或技师</translation>
    </message>
    <message>
        <source>This appointment is already {status}</source>
        <translation>该预约已经是“{status}”</translation>
    </message>
    <message>
        <source>This appointment is {status}</source>
        <translation>该预约为“{status}”</translation>
    </message>
    <message>
        <source>Say which vehicle came in before checking in</source>
        <translation>接车前请说明是哪辆车到店</translation>
    </message>
    <message>
        <source>Not this customer&apos;s</source>
        <translation>不是该客户的</translation>
    </message>
    <message>
        <source>{number} is issued: it cannot be changed; issue a credit note to correct it</source>
        <translation>{number} 已开具，不能修改；请开红字发票更正</translation>
    </message>
    <message>
        <source>Unknown line kind {kind}</source>
        <translation>未知的明细类型 {kind}</translation>
    </message>
    <message>
        <source>Quantity {value} is not a number (up to 3 decimals)</source>
        <translation>数量 {value} 不是数字（最多 3 位小数）</translation>
    </message>
    <message>
        <source>The quantity must be more than zero (returns are credit notes)</source>
        <translation>数量必须大于零（退货请开红字发票）</translation>
    </message>
    <message>
        <source>That part no longer exists</source>
        <translation>该配件已不存在</translation>
    </message>
    <message>
        <source>Give the line a unit price</source>
        <translation>请填写单价</translation>
    </message>
    <message>
        <source>Type the plate</source>
        <translation>请输入车牌</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>No vehicle on file has the plate {plate}: add it on the customer&apos;s file first</source>
        <translation>档案中没有车牌为 {plate} 的车辆：请先在客户档案中添加</translation>
    </message>
    <message>
        <source>Not on file</source>
        <translation>档案中没有</translation>
    </message>
    <message>
        <source>Type the plate of the car to book</source>
        <translation>请输入要预约车辆的车牌</translation>
    </message>
    <message>
        <source>The odometer reading &apos;{text}&apos; is not a whole number</source>
        <translation>里程读数“{text}”不是整数</translation>
    </message>
    <message>
        <source>Unit price {value} is not an amount of money</source>
        <translation>单价 {value} 不是有效金额</translation>
    </message>
    <message>
        <source>A whole number, like 12</source>
        <translation>请输入整数，例如 12</translation>
    </message>
    <message>
        <source>A whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>The package price is an amount of money, or empty for the sum of the lines</source>
        <translation>套餐价格应为金额，留空则按各行合计</translation>
    </message>
    <message>
        <source>Not an amount</source>
        <translation>不是金额</translation>
    </message>
    <message>
        <source>A unit price cannot be negative</source>
        <translation>单价不能为负数</translation>
    </message>
    <message>
        <source>Not negative</source>
        <translation>不能为负</translation>
    </message>
    <message>
        <source>There is no tax rate {code}</source>
        <translation>没有税率 {code}</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Describe the line</source>
        <translation>请填写明细描述</translation>
    </message>
    <message>
        <source>The odometer reading must be a whole number, 0 or more</source>
        <translation>里程读数必须是 0 或以上的整数</translation>
    </message>
    <message>
        <source>Whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>An invoice holds at most {count} lines</source>
        <translation>一张发票最多 {count} 行明细</translation>
    </message>
    <message>
        <source>Core deposits follow their part; sell the part instead</source>
        <translation>旧件押金跟随配件；请改为销售配件</translation>
    </message>
    <message>
        <source>Cannot change {what}</source>
        <translation>不能修改 {what}</translation>
    </message>
    <message>
        <source>That invoice line no longer exists</source>
        <translation>该发票明细已不存在</translation>
    </message>
    <message>
        <source>The core deposit follows its part: change or remove the part line and the core line follows</source>
        <translation>旧件押金跟随配件：修改或删除配件明细，押金明细会随之变化</translation>
    </message>
    <message>
        <source>The invoice has no lines; add a part or labour first</source>
        <translation>发票没有任何明细行；请先添加配件或工时</translation>
    </message>
    <message>
        <source>Line {position} ({description}) has no quantity; correct it before issuing</source>
        <translation>第 {position} 行（{description}）没有数量；请先更正再开具</translation>
    </message>
    <message>
        <source>{number} is issued: it cannot be deleted; issue a credit note to correct it</source>
        <translation>{number} 已开具，不能删除；请开红字发票更正</translation>
    </message>
    <message>
        <source>The cash handed over must be more than zero</source>
        <translation>实收现金必须大于零</translation>
    </message>
    <message>
        <source>More than zero</source>
        <translation>须大于零</translation>
    </message>
    <message>
        <source>The amount must be more than zero</source>
        <translation>金额必须大于零</translation>
    </message>
    <message>
        <source>Unknown payment method {method}</source>
        <translation>未知的付款方式 {method}</translation>
    </message>
    <message>
        <source>Cash, card, bank transfer, cheque or store credit</source>
        <translation>现金、银行卡、银行转账、支票或店内余额</translation>
    </message>
    <message>
        <source>A credit note is not paid; refund it instead</source>
        <translation>红字发票不收款，请改为退款</translation>
    </message>
    <message>
        <source>This invoice is still a draft: issue it before taking payment</source>
        <translation>此发票仍是草稿：请先开具再收款</translation>
    </message>
    <message>
        <source>This invoice is void: only an issued invoice can be paid</source>
        <translation>此发票已作废：只有已开具的发票才能收款</translation>
    </message>
    <message>
        <source>{number} is already paid in full</source>
        <translation>{number} 已全额付清</translation>
    </message>
    <message>
        <source>That invoice no longer exists</source>
        <translation>该发票已不存在</translation>
    </message>
    <message>
        <source>One payment pays invoices of one customer only</source>
        <translation>一笔收款只能支付同一客户的发票</translation>
    </message>
    <message>
        <source>Say how the customer pays</source>
        <translation>请选择客户的付款方式</translation>
    </message>
    <message>
        <source>Take cash once: add the notes together</source>
        <translation>现金只收一次：请把钞票金额合在一起</translation>
    </message>
    <message>
        <source>Choose the invoices to pay</source>
        <translation>请选择要支付的发票</translation>
    </message>
    <message>
        <source>Nothing is left to pay in cash</source>
        <translation>已无需再用现金支付</translation>
    </message>
    <message>
        <source>{tendered} handed over is less than {amount}</source>
        <translation>实收 {tendered} 少于 {amount}</translation>
    </message>
    <message>
        <source>Less than the amount</source>
        <translation>少于金额</translation>
    </message>
    <message>
        <source>A card payment cannot be more than the {due} due; cash above it is given back as change</source>
        <translation>刷卡金额不能超过应付的 {due}；现金多付的部分会找零</translation>
    </message>
    <message>
        <source>At most {due}</source>
        <translation>最多 {due}</translation>
    </message>
    <message>
        <source>Only {due} is due</source>
        <translation>只需支付 {due}</translation>
    </message>
    <message>
        <source>Only {due} is due; a cash customer cannot overpay (there is no account to hold the credit)</source>
        <translation>只需支付 {due}；散客不能多付（没有账户可存余额）</translation>
    </message>
    <message>
        <source>{customer} has {available} store credit, less than {amount}</source>
        <translation>{customer} 的店内余额为 {available}，少于 {amount}</translation>
    </message>
    <message>
        <source>At most {available}</source>
        <translation>最多 {available}</translation>
    </message>
    <message>
        <source>A {role} cannot {action}; ask the owner.</source>
        <translation>{role}无权{action}；请找店主。</translation>
    </message>
    <message>
        <source>{number} is {status}: finish the job before invoicing it</source>
        <translation>{number} 状态为{status}：请先完工再开发票</translation>
    </message>
    <message>
        <source>{number} has no approved work to invoice</source>
        <translation>{number} 没有已同意的项目可开发票</translation>
    </message>
    <message>
        <source>No customer matches &apos;{text}&apos;</source>
        <translation>没有与“{text}”匹配的客户</translation>
    </message>
    <message>
        <source>{count} customers match &apos;{text}&apos;: be more precise (the whole name, more digits of the phone, or the customer number as #N)</source>
        <translation>有 {count} 位客户与“{text}”匹配：请更具体一些（完整姓名、更多电话号码位数，或以 #N 形式给出客户编号）</translation>
    </message>
    <message>
        <source>No vehicle has the plate or VIN &apos;{text}&apos;</source>
        <translation>没有车牌或 VIN 为“{text}”的车辆</translation>
    </message>
    <message>
        <source>{count} vehicles match &apos;{text}&apos;: give the whole plate or more of the VIN</source>
        <translation>有 {count} 辆车与“{text}”匹配：请给出完整车牌或更多 VIN 字符</translation>
    </message>
    <message>
        <source>Give the complaint a subject</source>
        <translation>请填写投诉主题</translation>
    </message>
    <message>
        <source>What it is about</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>There is no invoice numbered &apos;{number}&apos;</source>
        <translation>没有编号为“{number}”的发票</translation>
    </message>
    <message>
        <source>No invoice has this number</source>
        <translation>没有此编号的发票</translation>
    </message>
    <message>
        <source>There is no repair order &apos;{number}&apos;</source>
        <translation>没有维修单“{number}”</translation>
    </message>
    <message>
        <source>No repair order has this number</source>
        <translation>没有此编号的维修单</translation>
    </message>
    <message>
        <source>{number} is another customer&apos;s</source>
        <translation>{number} 属于其他客户</translation>
    </message>
    <message>
        <source>Another customer&apos;s</source>
        <translation>属于其他客户</translation>
    </message>
    <message>
        <source>This complaint is resolved; reopen it first</source>
        <translation>该投诉已解决；请先重新打开</translation>
    </message>
    <message>
        <source>Say what was done</source>
        <translation>请说明处理结果</translation>
    </message>
    <message>
        <source>From 1 (unhappy) to 5 (delighted)</source>
        <translation>1（不满意）到 5（非常满意）</translation>
    </message>
    <message>
        <source>Already resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Say why it is reopened</source>
        <translation>请说明重新打开的原因</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>There is no draft invoice {reference}</source>
        <translation>没有发票草稿 {reference}</translation>
    </message>
    <message>
        <source>{number} is void: it cannot be changed</source>
        <translation>{number} 已作废，不能再修改</translation>
    </message>
    <message>
        <source>Line {position} ({description}) has a negative unit price; correct it before issuing</source>
        <translation>第 {position} 行（{description}）的单价为负数；请先更正再开具</translation>
    </message>
    <message>
        <source>{order} is invoiced already: {number}</source>
        <translation>{order} 已开过发票：{number}</translation>
    </message>
    <message>
        <source>The draft invoice of {order} was voided; invoice it again in the window</source>
        <translation>{order} 的发票草稿已作废；请在窗口中重新开发票</translation>
    </message>
    <message>
        <source>{name} is blacklisted ({reason}): payment is due now, no account credit</source>
        <extracomment>Later areas (repair orders, invoices, reminders) register ``mover(from_id, into_id)`` here so a merge also moves their records, in the same transaction.</extracomment>
        <translation>{name} 已列入黑名单（{reason}）：须立即付款，不给予赊账</translation>
    </message>
    <message>
        <source>The reason is not stocked, out of stock or price</source>
        <extracomment>Lost for these reasons adds to a part&apos;s demand in reorder suggestions.</extracomment>
        <translation>原因须为不经营、缺货或价格</translation>
    </message>
    <message>
        <source>Choose one</source>
        <translation>请选择一项</translation>
    </message>
    <message>
        <source>The quantity asked for must be more than zero</source>
        <translation>所需数量必须大于零</translation>
    </message>
    <message>
        <source>Say what the customer asked for (a part or a few words)</source>
        <translation>请说明客户要的是什么（配件或几个字的描述）</translation>
    </message>
    <message>
        <source>More than in stock</source>
        <extracomment>A unit cost above this is refused as a typing mistake. A receipt cost this many times above or below the average cost needs ``confirm_cost``.</extracomment>
        <translation>超过库存</translation>
    </message>
    <message>
        <source>{sku} {name} is out of stock</source>
        <translation>{sku} {name} 缺货</translation>
    </message>
    <message>
        <source>Only {count} {unit} of {sku} {name} in stock</source>
        <translation>{sku} {name} 库存仅 {count} {unit}</translation>
    </message>
    <message>
        <source>A unit cost of {cost} for {sku} is far from what it usually costs; check the price, or confirm it</source>
        <translation>{sku} 的单位成本 {cost} 与其平常成本相差很大；请核对价格，或确认</translation>
    </message>
    <message>
        <source>Unusual cost</source>
        <translation>成本异常</translation>
    </message>
    <message>
        <source>Only {count} {unit} of {sku} in stock; the shop does not allow negative stock</source>
        <translation>{sku} 库存仅 {count} {unit}；本店不允许负库存</translation>
    </message>
    <message>
        <source>There is no part #{id}</source>
        <translation>没有编号为 #{id} 的配件</translation>
    </message>
    <message>
        <source>Type the car&apos;s plate (or VIN) to open its repair order</source>
        <translation>请输入车牌（或车架号 VIN）以开维修单</translation>
    </message>
    <message>
        <source>Needed for the repair order</source>
        <translation>开维修单需要此项</translation>
    </message>
    <message>
        <source>Not a phone number we understand; saved as typed</source>
        <translation>无法识别的电话号码；已按输入保存</translation>
    </message>
    <message>
        <source>This number does not look valid; saved as typed</source>
        <translation>该号码看起来无效；已按输入保存</translation>
    </message>
    <message>
        <source>A VIN never contains I, O or Q; check for 1 and 0</source>
        <translation>车架号 VIN 不含 I、O、Q；请检查是否为 1 和 0</translation>
    </message>
    <message>
        <source>The check digit (9th character) does not match: a typing mistake?</source>
        <translation>校验位（第 9 位）不符：是否输入有误？</translation>
    </message>
    <message>
        <source>This complaint names no repair order: open a repair order for the car and use Comeback of… in it</source>
        <translation>该投诉未关联维修单：请为该车新建维修单，并在其中使用“返修自…”</translation>
    </message>
    <message>
        <source>{number} has not been invoiced: a comeback redoes work already invoiced</source>
        <translation>{number} 尚未开票：返修针对的是已开票的维修</translation>
    </message>
    <message>
        <source>The period starts ({start}) after it ends ({end})</source>
        <translation>期间的开始日期（{start}）晚于结束日期（{end}）</translation>
    </message>
    <message>
        <source>Unknown part field: {names}</source>
        <translation>未知的配件字段：{names}</translation>
    </message>
    <message>
        <source>Every new part needs a SKU of 1–40 letters, digits, . _ / - (no spaces)</source>
        <translation>每个新配件都需要 SKU：1–40 个字母、数字或 . _ / -（不含空格）</translation>
    </message>
    <message>
        <source>A part needs a name</source>
        <translation>配件需要名称</translation>
    </message>
    <message>
        <source>Barcode {code} is not a code a scanner types</source>
        <translation>条码 {code} 不是扫描枪能输入的代码</translation>
    </message>
    <message>
        <source>Printable characters, no spaces</source>
        <translation>可打印字符，不含空格</translation>
    </message>
    <message>
        <source>A discount limit is a percentage from 0 to 99</source>
        <extracomment>the settings holding each role&apos;s discount limit (the owner has none) the language of printed documents and exports; &quot;&quot; = the same as each PC&apos;s screen</extracomment>
        <translation>折扣上限是 0 到 99 之间的百分比</translation>
    </message>
    <message>
        <source>A tax code is 1 to 10 letters or digits.</source>
        <translation>税码为 1 到 10 个字母或数字。</translation>
    </message>
    <message>
        <source>Give the rate a name (printed on invoices).</source>
        <translation>请为税率命名（会印在发票上）。</translation>
    </message>
    <message>
        <source>The rate is a percentage from 0 to 100.</source>
        <translation>税率是 0 到 100 之间的百分比。</translation>
    </message>
    <message>
        <source>Someone else changed this {record} while you had it open. Nothing was saved: reopen it to see their changes, then make yours again.</source>
        <translation>在您打开此{record}期间，其他人已修改了它。未保存任何内容：请重新打开以查看对方的更改，然后再做您的更改。</translation>
    </message>
    <message>
        <source>Cannot write the rejected rows to {path}: {reason}. Choose another file with --errors (the import itself is done as shown).</source>
        <extracomment>Rows listed on screen before &quot;... and N more&quot; (the error workbook has them all).</extracomment>
        <translation>无法将被拒绝的行写入 {path}：{reason}。请用 --errors 另选文件（导入本身已按上面所示完成）。</translation>
    </message>
    <message>
        <source>The disk is full: nothing was saved. Free some space on the disk that holds the shop&apos;s database, then try again.</source>
        <translation>磁盘已满：未保存任何内容。请在存放店铺数据库的磁盘上腾出空间，然后重试。</translation>
    </message>
    <message>
        <source>Another PC is busy writing to the shop&apos;s database (an import, a stock-take or a repricing may be running). Nothing was saved: try again in a moment.</source>
        <translation>另一台电脑正在写入店铺数据库（可能正在导入、盘点或重新定价）。未保存任何内容：请稍后重试。</translation>
    </message>
    <message>
        <source>{value} is larger than ShopDesk accepts</source>
        <extracomment>Excel&apos;s day 0 (serial numbers count from here; 1900 leap-year bug included). A number cell at or beyond this is refused (&quot;larger than ShopDesk accepts&quot;): far above any price, quantity, year or odometer reading, and well inside what the database stores.</extracomment>
        <translation>{value} 超出了 ShopDesk 可接受的范围</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}</source>
        <extracomment>First characters that make a spreadsheet treat text as a formula (or split a CSV cell). Excel&apos;s rows per sheet, header included. Values arrive as integers in 1/scale units (100: cents, 1000: thousandths), as stored.</extracomment>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>Unknown database address {scheme}://…: use a file path or postgresql://</source>
        <translation>未知的数据库地址 {scheme}://…：请使用文件路径或 postgresql://</translation>
    </message>
    <message>
        <source>{where} is empty: it is not a ShopDesk shop, or the file is damaged. Restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</source>
        <translation>{where} 是空的：它不是 ShopDesk 店铺，或文件已损坏。请从备份恢复（shopdesk restore，或“文件 → 备份…”）；未做任何更改。</translation>
    </message>
    <message>
        <source>{path} is a folder, not a database file</source>
        <translation>{path} 是文件夹，不是数据库文件</translation>
    </message>
    <message>
        <source>There is no database at {path}</source>
        <translation>{path} 处没有数据库</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist</source>
        <translation>文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>Cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path} is empty (0 bytes): it is not a ShopDesk shop, or the file is damaged. Restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</source>
        <translation>{path} 是空文件（0 字节）：它不是 ShopDesk 店铺，或文件已损坏。请从备份恢复（shopdesk restore，或“文件 → 备份…”）；未做任何更改。</translation>
    </message>
    <message>
        <source>{path} is not a ShopDesk database (it is not an SQLite file)</source>
        <translation>{path} 不是 ShopDesk 数据库（它不是 SQLite 文件）</translation>
    </message>
    <message>
        <source>The PostgreSQL address names no database: postgresql://host/NAME</source>
        <translation>PostgreSQL 地址中没有数据库名：postgresql://host/NAME</translation>
    </message>
    <message>
        <source>Cannot connect to {where}: {problem}</source>
        <translation>无法连接到 {where}：{problem}</translation>
    </message>
    <message>
        <source>{where} holds another program&apos;s data, not a ShopDesk database</source>
        <translation>{where} 存放的是其他程序的数据，不是 ShopDesk 数据库</translation>
    </message>
    <message>
        <source>{where} is busy: another ShopDesk or program is writing to it. Try again in a moment.</source>
        <translation>{where} 正忙：另一个 ShopDesk 或程序正在写入。请稍后重试。</translation>
    </message>
    <message>
        <source>{where} is damaged ({problem}): restore it from a backup (shopdesk restore, or File → Backups…); nothing was changed.</source>
        <translation>{where} 已损坏（{problem}）：请从备份恢复（shopdesk restore，或“文件 → 备份…”）；未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot open {where}: {problem}</source>
        <translation>无法打开 {where}：{problem}</translation>
    </message>
    <message>
        <source>Nothing was restored ({problem}); the shop database is as it was.</source>
        <translation>未恢复任何内容（{problem}）；店铺数据库保持原样。</translation>
    </message>
    <message>
        <source>The restored database would not open ({problem}); the shop database was put back as it was.</source>
        <translation>恢复后的数据库无法打开（{problem}）；店铺数据库已还原为原样。</translation>
    </message>
    <message>
        <source>The restore failed after the swap ({problem}); the shop database was put back as it was.</source>
        <translation>替换后恢复失败（{problem}）；店铺数据库已还原为原样。</translation>
    </message>
    <message>
        <source>That file is the shop database itself, not a backup of it</source>
        <translation>该文件就是店铺数据库本身，而不是它的备份</translation>
    </message>
    <message>
        <source>Nothing was restored: {problem}</source>
        <translation>未恢复任何内容：{problem}</translation>
    </message>
    <message>
        <source>Nothing was restored: {backup} is not a whole ShopDesk database (it cannot be brought up to this release: {problem})</source>
        <translation>未恢复任何内容：{backup} 不是完整的 ShopDesk 数据库（无法升级到此版本：{problem}）</translation>
    </message>
    <message>
        <source>Nothing was restored: the data in {backup} fails the checks: {problems}</source>
        <translation>未恢复任何内容：{backup} 中的数据未通过检查：{problems}</translation>
    </message>
    <message>
        <source>Nothing was restored: {backup} does not have the schema this ShopDesk expects: {problems}</source>
        <translation>未恢复任何内容：{backup} 的数据库结构与此版本 ShopDesk 要求的不符：{problems}</translation>
    </message>
    <message>
        <source>(and {count} more)</source>
        <translation>（另有 {count} 项）</translation>
    </message>
    <message>
        <source>Nothing was restored: the copy of the backup came out different (a failing disk?)</source>
        <translation>未恢复任何内容：备份的副本与原文件不一致（硬盘故障？）</translation>
    </message>
    <message>
        <source>Roles are for a PostgreSQL database: give --db postgresql://ADMIN@SERVER/NAME (an administrator such as postgres)</source>
        <translation>角色只用于 PostgreSQL 数据库：请给出 --db postgresql://ADMIN@SERVER/NAME（管理员账户，例如 postgres）</translation>
    </message>
    <message>
        <source>This database needs an upgrade (schema {found} to {latest}) that only its owner role may make, not the login {login}. Nothing was changed. On the server run: shopdesk db roles --db postgresql://ADMIN@SERVER/{name} --owner OWNER --login {login}</source>
        <extracomment>The migrations in order, by module name: ``mNNNN`` is schema version NNNN. A module is imported only when a database needs it (an up-to-date database, the usual case at start, imports none: schema 12 alone imports the Chinese name search keys).</extracomment>
        <translation>此数据库需要升级（结构版本 {found} 至 {latest}），只有其所有者角色可以升级，登录账户 {login} 不行。未做任何更改。请在服务器上运行：shopdesk db roles --db postgresql://ADMIN@SERVER/{name} --owner OWNER --login {login}</translation>
    </message>
    <message>
        <source>{name} is not a usable {what} role name: use lower-case letters, digits and _</source>
        <extracomment>Tables the login may only read.</extracomment>
        <translation>{name} 不能用作 {what} 角色名：请只用小写字母、数字和 _</translation>
    </message>
    <message>
        <source>The owner role and the shop&apos;s login must be two different roles</source>
        <translation>所有者角色和店铺的登录账户必须是两个不同的角色</translation>
    </message>
    <message>
        <source>The login {login} does not exist yet: give its password to create it</source>
        <translation>登录账户 {login} 尚不存在：请给出其密码以创建它</translation>
    </message>
    <message>
        <source>The login {login} is a superuser: it could change anything, triggers included. Give the PCs a plain login</source>
        <translation>登录账户 {login} 是超级用户：它可以更改任何内容，包括触发器。请给各电脑一个普通登录账户</translation>
    </message>
    <message>
        <source>Wrong username or password</source>
        <translation>用户名或密码错误</translation>
    </message>
    <message>
        <source>Too many wrong passwords: try again in {seconds} s</source>
        <translation>密码错误次数过多：请 {seconds} 秒后再试</translation>
    </message>
    <message>
        <source>The account {username} is locked after {count} wrong passwords; the owner can unlock it in Settings → Users</source>
        <translation>账户 {username} 连续 {count} 次密码错误，已被锁定；店主可在“设置 → 用户”中解锁</translation>
    </message>
    <message>
        <source>The account {username} is switched off; ask the owner</source>
        <translation>账户 {username} 已停用；请联系店主</translation>
    </message>
    <message>
        <source>The password needs at least {n} characters</source>
        <translation>密码至少需要 {n} 个字符</translation>
    </message>
    <message>
        <source>At least {n} characters</source>
        <translation>至少 {n} 个字符</translation>
    </message>
    <message>
        <source>A password of only spaces is too easy to guess</source>
        <translation>只有空格的密码太容易被猜到</translation>
    </message>
    <message>
        <source>Not only spaces</source>
        <translation>不能只有空格</translation>
    </message>
    <message>
        <source>A password cannot hold control characters (such as tab or NUL)</source>
        <translation>密码不能包含控制字符（如制表符或 NUL）</translation>
    </message>
    <message>
        <source>No control characters</source>
        <translation>不能有控制字符</translation>
    </message>
    <message>
        <source>Only an active clerk account can sign in automatically</source>
        <translation>只有启用中的前台账户可以自动登录</translation>
    </message>
    <message>
        <source>Automatic sign-in as {username} is not allowed on this PC</source>
        <translation>此电脑不允许以 {username} 自动登录</translation>
    </message>
    <message>
        <source>That is not an owner&apos;s username and password</source>
        <translation>这不是店主的用户名和密码</translation>
    </message>
    <message>
        <source>{number} (started {day}) is still open and counts {count} of these parts: post or cancel it first</source>
        <translation>{number}（{day} 开始）尚未结束，其中有 {count} 个配件与本次相同：请先过账或取消它</translation>
    </message>
    <message>
        <source>{number} is partly posted; its counts can no longer change. Post it again to finish.</source>
        <translation>{number} 已部分过账，盘点数量不能再更改。请再次过账以完成。</translation>
    </message>
    <message>
        <source>{number}: stopped after {count} of {total} differences were posted ({problem}). Post it again to finish: differences already posted are not posted twice.</source>
        <translation>{number}：已过账 {total} 项差异中的 {count} 项后停止（{problem}）。请再次过账以完成：已过账的差异不会重复过账。</translation>
    </message>
    <message>
        <source>A discount of {percent}% needs the owner&apos;s approval: a {role} may give up to {limit}%</source>
        <translation>{percent}% 的折扣需要店主批准：{role}最多可给 {limit}%</translation>
    </message>
    <message>
        <source>Issuing with the date {date} (not today) needs the owner&apos;s approval</source>
        <translation>以 {date}（不是今天）为开票日期需要店主批准</translation>
    </message>
    <message>
        <source>Cancelled after the rows up to row {row} were saved. Import the file again to finish: rows already saved come back unchanged.</source>
        <extracomment>Each kind of import and its handler. Below this, ``round(value * 100)`` (or 1000) is within 2e-4 of the exact decimal value times 100: far enough from a half to round the same way as the exact path.</extracomment>
        <translation>已取消：第 {row} 行之前的数据已保存。请再次导入该文件以完成：已保存的行不会重复导入，显示为未更改。</translation>
    </message>
    <message>
        <source>Stopped after the rows up to row {row} were saved ({problem}). Import the file again to finish: rows already saved come back unchanged.</source>
        <translation>已在保存到第 {row} 行之前的数据后停止（{problem}）。请再次导入该文件以完成：已保存的行不会重复导入，显示为未更改。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed</source>
        <translation>已取消：未做任何更改</translation>
    </message>
    <message>
        <source>The labels could not be saved to {target} ({reason}): choose another folder or close the file where it is open</source>
        <translation>无法将标签保存到 {target}（{reason}）：请选择其他文件夹，或关闭正在打开该文件的程序</translation>
    </message>
    <message>
        <source>{file} changed since it was read: read it again</source>
        <translation>{file} 在读取之后已被更改：请重新读取</translation>
    </message>
    <message>
        <source>Spend thresholds are amounts like 2000.00</source>
        <translation>消费门槛须为金额，例如 2000.00</translation>
    </message>
    <message>
        <source>An amount</source>
        <translation>请填写金额</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a fuel type: choose petrol, diesel, hybrid, plug-in hybrid or electric, or leave it empty when unknown</source>
        <translation>“{text}”不是燃油类型：请选择汽油、柴油、油电混动、插电混动或纯电动，不知道时留空</translation>
    </message>
    <message>
        <source>Not a fuel type</source>
        <translation>不是燃油类型</translation>
    </message>
    <message>
        <source>A package is for named fuel types: leave the fuel types empty for any fuel</source>
        <translation>套餐只能指定具体的燃油类型：适用于任何燃油时请留空</translation>
    </message>
    <message>
        <source>Long overdue after: whole months from 1 to 120, not {value}</source>
        <translation>逾期多久算久未到店：须为 1 到 120 的整月数，不能是 {value}</translation>
    </message>
    <message>
        <source>Whole months from 1 to 120</source>
        <translation>1 到 120 的整月数</translation>
    </message>
    <message>
        <source>There is no package called &apos;{name}&apos;</source>
        <translation>没有名为“{name}”的套餐</translation>
    </message>
    <message>
        <source>Packages are exported to an .xlsx file, not {name}</source>
        <translation>套餐只能导出为 .xlsx 文件，不能导出为 {name}</translation>
    </message>
    <message>
        <source>Row {row}, {column}: {problem}</source>
        <translation>第 {row} 行，{column}：{problem}</translation>
    </message>
    <message>
        <source>{file} has no column {columns}: export the packages to see the layout</source>
        <translation>{file} 缺少列 {columns}：请先导出套餐查看格式</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a whole number</source>
        <translation>“{value}”不是整数</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a number of zero or more</source>
        <translation>“{value}”不是零或正数</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not yes or no</source>
        <translation>“{value}”不是“是”或“否”</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a line kind: labour, part, fee or sublet</source>
        <translation>“{value}”不是行类型：请填工时、配件、费用或外包</translation>
    </message>
    <message>
        <source>the package {name} has no lines: a package needs at least one</source>
        <translation>套餐 {name} 没有任何行：套餐至少需要一行</translation>
    </message>
    <message>
        <source>an interval must be more than zero (leave it empty for none)</source>
        <translation>间隔必须大于零（不需要时请留空）</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a month and day like 11-01</source>
        <translation>“{value}”不是月-日格式（如 11-01）</translation>
    </message>
    <message>
        <source>a season needs both a start and an end</source>
        <translation>季节需要同时填写开始和结束</translation>
    </message>
    <message>
        <source>say when the package is due: every N km (more than 0), every M months, or a season</source>
        <translation>请说明套餐何时到期：每 N 公里（大于 0）、每 M 个月，或一个季节</translation>
    </message>
    <message>
        <source>the year range is back to front</source>
        <translation>年份范围前后颠倒</translation>
    </message>
    <message>
        <source>{file} has formulas (in {cells}): ShopDesk reads values, never runs formulas; type the values in, then import again</source>
        <translation>{file} 含有公式（位于 {cells}）：ShopDesk 只读取数值，从不运行公式；请直接填入数值后再导入</translation>
    </message>
    <message>
        <source>name the package this line belongs to</source>
        <translation>请填写此行所属的套餐</translation>
    </message>
    <message>
        <source>differs from the package&apos;s first row ({first}): leave it empty or the same</source>
        <translation>与该套餐的第一行（第 {first} 行）不同：请留空或保持一致</translation>
    </message>
    <message>
        <source>{file} has no package lines</source>
        <translation>{file} 中没有套餐行</translation>
    </message>
    <message>
        <source>no part has the SKU &apos;{sku}&apos;</source>
        <translation>没有 SKU 为“{sku}”的配件</translation>
    </message>
    <message>
        <source>the part {sku} is archived</source>
        <translation>配件 {sku} 已归档</translation>
    </message>
    <message>
        <source>only a part line names a SKU</source>
        <translation>只有配件行才能填写 SKU</translation>
    </message>
    <message>
        <source>a part line needs a SKU</source>
        <translation>配件行需要填写 SKU</translation>
    </message>
    <message>
        <source>the quantity must be more than zero</source>
        <translation>数量必须大于零</translation>
    </message>
    <message>
        <source>describe the line</source>
        <translation>请填写此行的说明</translation>
    </message>
    <message>
        <source>Package {name} (row {row}): {problem}</source>
        <translation>套餐 {name}（第 {row} 行）：{problem}</translation>
    </message>
    <message>
        <source>MM-DD, like 11-01</source>
        <translation>月-日，例如 11-01</translation>
    </message>
    <message>
        <source>Name the package</source>
        <translation>请填写套餐名称</translation>
    </message>
    <message>
        <source>The distance interval must be more than zero</source>
        <translation>里程间隔必须大于零</translation>
    </message>
    <message>
        <source>The month interval must be more than zero</source>
        <translation>月数间隔必须大于零</translation>
    </message>
    <message>
        <source>More than 0</source>
        <translation>大于 0</translation>
    </message>
    <message>
        <source>The season start is a month and day like 11-01</source>
        <translation>季节开始日期应为月-日，例如 11-01</translation>
    </message>
    <message>
        <source>The season end is a month and day like 11-01</source>
        <translation>季节结束日期应为月-日，例如 11-01</translation>
    </message>
    <message>
        <source>A season needs both a start and an end</source>
        <translation>季节需要开始和结束日期</translation>
    </message>
    <message>
        <source>Both a start and an end</source>
        <translation>开始和结束都要填写</translation>
    </message>
    <message>
        <source>Say when the package is due: every N km, every M months, or a season</source>
        <translation>请说明套餐何时到期：每 N 公里、每 M 个月，或一个季节</translation>
    </message>
    <message>
        <source>The year range is back to front</source>
        <translation>年份范围颠倒了</translation>
    </message>
    <message>
        <source>From &lt;= to</source>
        <translation>起始年份不能晚于结束年份</translation>
    </message>
    <message>
        <source>A package needs at least one line</source>
        <translation>套餐至少需要一行</translation>
    </message>
    <message>
        <source>There is already a package called &apos;{name}&apos;</source>
        <translation>已有名为“{name}”的套餐</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>已被使用</translation>
    </message>
</context>
<context>
    <name>ExportMenu</name>
    <message>
        <source>Export all data</source>
        <translation>导出全部数据</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>All data ({tables} tables, {rows} rows) written to {path}</source>
        <translation>全部数据（{tables} 张表，{rows} 行）已写入 {path}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Exporting all data</source>
        <translation>正在导出全部数据</translation>
    </message>
    <message>
        <source>E&amp;xport all data…</source>
        <translation>导出全部数据(&amp;X)…</translation>
    </message>
    <message>
        <source>Every table of the shop in one Excel workbook</source>
        <translation>本店所有数据表导出到一个 Excel 工作簿</translation>
    </message>
    <message>
        <source>A&amp;ccountant export…</source>
        <translation>会计导出(&amp;C)…</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Due at km</source>
        <translation>到期公里数</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>红字发票</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Customer tax ID</source>
        <translation>客户税号</translation>
    </message>
    <message>
        <source>Credits invoice</source>
        <translation>冲红发票</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>税码</translation>
    </message>
    <message>
        <source>Tax rate %</source>
        <translation>税率 %</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>含税总额</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Discount %</source>
        <translation>折扣 %</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>单位成本</translation>
    </message>
    <message>
        <source>Sales journal</source>
        <translation>销售日记账</translation>
    </message>
    <message>
        <source>Totals by tax rate</source>
        <translation>按税率合计</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>单据数</translation>
    </message>
    <message>
        <source>All rates</source>
        <translation>全部税率</translation>
    </message>
    <message>
        <source>Invoice lines</source>
        <translation>发票明细</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Applied to invoice</source>
        <translation>冲抵发票</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Taken by</source>
        <translation>收款人</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收付款</translation>
    </message>
    <message>
        <source>Totals by method</source>
        <translation>按方式合计</translation>
    </message>
    <message>
        <source>All methods</source>
        <translation>全部方式</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>首选联系方式</translation>
    </message>
    <message>
        <source>Marketing consent</source>
        <translation>同意营销</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>保养项目</translation>
    </message>
    <message>
        <source>Also recommended</source>
        <translation>其他建议</translation>
    </message>
    <message>
        <source>Last reminded</source>
        <translation>上次提醒</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>货位</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘数量</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <source>On order</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Reorder at</source>
        <translation>再订货点</translation>
    </message>
    <message>
        <source>Sold lately</source>
        <translation>近期销量</translation>
    </message>
    <message>
        <source>Lost sales</source>
        <translation>缺货损失</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>建议订购</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reorder suggestions</source>
        <translation>补货建议</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>1–30 days</source>
        <translation>1–30 天</translation>
    </message>
    <message>
        <source>31–60 days</source>
        <translation>31–60 天</translation>
    </message>
    <message>
        <source>61–90 days</source>
        <translation>61–90 天</translation>
    </message>
    <message>
        <source>Over 90 days</source>
        <translation>90 天以上</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation>应收账款</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up your shop</source>
        <translation>设置您的店铺</translation>
    </message>
    <message>
        <source>Try the demo shop</source>
        <translation>试用演示店铺</translation>
    </message>
    <message>
        <source>&amp;Create my shop</source>
        <translation>创建我的店铺(&amp;C)</translation>
    </message>
    <message>
        <source>The shop&apos;s file could not be written: {error}</source>
        <translation>无法写入店铺文件：{error}</translation>
    </message>
    <message>
        <source>Nothing was saved: {problem}</source>
        <translation>未保存任何内容：{problem}</translation>
    </message>
</context>
<context>
    <name>FollowUpsWidget</name>
    <message>
        <source>Everyone&apos;s</source>
        <translation>所有人的</translation>
    </message>
    <message>
        <source>D&amp;one</source>
        <translation>完成(&amp;O)</translation>
    </message>
    <message>
        <source>Tick off the selected follow-up</source>
        <translation>勾销所选跟进事项</translation>
    </message>
    <message>
        <source>No follow-ups due</source>
        <translation>没有到期的跟进</translation>
    </message>
    <message>
        <source>Set a follow-up when logging a contact on a customer&apos;s file (Log contact, Ctrl+L); it shows here on its day.</source>
        <translation>在客户档案中记录沟通时设置跟进（记录沟通，Ctrl+L），到期当天会显示在这里。</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Everyone&apos;s follow-ups due today: {count}</source>
        <translation>所有人今日到期的跟进：{count}</translation>
    </message>
    <message>
        <source>Everyone&apos;s follow-ups: nothing due today</source>
        <translation>所有人的跟进：今日无到期事项</translation>
    </message>
    <message>
        <source>My follow-ups due today: {count}</source>
        <translation>我今日到期的跟进：{count}</translation>
    </message>
    <message>
        <source>My follow-ups: nothing due today</source>
        <translation>我的跟进：今日无到期事项</translation>
    </message>
</context>
<context>
    <name>FrontDesk</name>
    <message>
        <source>&amp;Book (Ctrl+B)</source>
        <translation>预约(&amp;B) (Ctrl+B)</translation>
    </message>
    <message>
        <source>Check &amp;in (Ctrl+I)</source>
        <translation>接车(&amp;I) (Ctrl+I)</translation>
    </message>
    <message>
        <source>&amp;Walk-in (Ctrl+N)</source>
        <translation>临时到店(&amp;W) (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>今天(&amp;T)</translation>
    </message>
    <message>
        <source>C&amp;alendar</source>
        <translation>日历(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reminders</source>
        <translation>提醒(&amp;R)</translation>
    </message>
    <message>
        <source>Book an appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Check in the selected (or next) appointment</source>
        <translation>为所选（或下一个）预约办理接车</translation>
    </message>
    <message>
        <source>Walk-in: a repair order for a car by its plate</source>
        <translation>临时到店：按车牌为车辆开维修单</translation>
    </message>
    <message>
        <source>Tomorrow&apos;s call made: appointment confirmed</source>
        <translation>明天的电话已打：预约已确认</translation>
    </message>
    <message>
        <source>Today&apos;s appointments</source>
        <translation>今日预约</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>What for</source>
        <translation>来店原因</translation>
    </message>
    <message>
        <source>Bay</source>
        <translation>工位</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>In the shop</source>
        <translation>在店内</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承诺交车</translation>
    </message>
    <message>
        <source>Ready for collection</source>
        <translation>可取车</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Tomorrow: confirmation calls</source>
        <translation>明天：确认电话</translation>
    </message>
    <message>
        <source>&amp;Confirmed (Ctrl+Shift+C)</source>
        <translation>已确认(&amp;C) (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Da&amp;y</source>
        <translation>日(&amp;Y)</translation>
    </message>
    <message>
        <source>No appointments today</source>
        <translation>今天没有预约</translation>
    </message>
    <message>
        <source>Book one with Book (Ctrl+B), or take a car in now with Walk-in (Ctrl+N).</source>
        <translation>用“预约”（Ctrl+B）登记预约，或用“直接到店”（Ctrl+N）马上接车。</translation>
    </message>
    <message>
        <source>No cars in the shop</source>
        <translation>店内没有车辆</translation>
    </message>
    <message>
        <source>Check a booked car in with Check in (Ctrl+I), or a walk-in with Ctrl+N.</source>
        <translation>用“接车”（Ctrl+I）为预约车辆接车，直接到店的车辆按 Ctrl+N。</translation>
    </message>
    <message>
        <source>Nothing ready for collection</source>
        <translation>没有待取的车辆</translation>
    </message>
    <message>
        <source>Orders show here once their work is done, to call the customer.</source>
        <translation>完工的维修单会显示在这里，以便通知客户取车。</translation>
    </message>
    <message>
        <source>No appointments tomorrow</source>
        <translation>明天没有预约</translation>
    </message>
    <message>
        <source>Tomorrow&apos;s bookings show here, to call and confirm the day before.</source>
        <translation>明天的预约会显示在这里，以便提前一天致电确认。</translation>
    </message>
    <message>
        <source>Day by bay</source>
        <translation>按工位查看一天</translation>
    </message>
    <message>
        <source>Day by technician</source>
        <translation>按技师查看一天</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>invoiced</source>
        <translation>已开票</translation>
    </message>
    <message>
        <source>done, to invoice</source>
        <translation>已完工，待开票</translation>
    </message>
    <message>
        <source>No appointment to check in today: use Walk-in (Ctrl+N)</source>
        <translation>今天没有待接车的预约：请使用“临时到店” (Ctrl+N)</translation>
    </message>
    <message>
        <source>The booked service was not added: {reason}</source>
        <translation>预约的保养项目未加入：{reason}</translation>
    </message>
    <message>
        <source>Select a car in Ready for collection, or open the invoice, the customer&apos;s file or the repair order, then F12</source>
        <translation>请在“可取车”中选择车辆，或打开发票、客户档案或维修单，再按 F12</translation>
    </message>
</context>
<context>
    <name>GlobalSearch</name>
    <message>
        <source>Nobody matches “{text}”. Try the last digits of a phone, a plate or the last 6 of the VIN; Ctrl+Shift+N checks in a new customer.</source>
        <translation>没有与“{text}”匹配的客户。试试电话后几位、车牌或车架号后 6 位；按 Ctrl+Shift+N 为新客户接车。</translation>
    </message>
    <message>
        <source>More than {count} customers’ phones end in {digits}: add a few letters of the name (“{example}”)</source>
        <translation>超过 {count} 位客户的电话尾号是 {digits}：再输入姓名的几个字（“{example}”）</translation>
    </message>
    <message>
        <source>{count} customers’ phones end in {digits}: add a few letters of the name (“{example}”)</source>
        <translation>{count} 位客户的电话尾号是 {digits}：再输入姓名的几个字（“{example}”）</translation>
    </message>
    <message>
        <source>Enter opens the highlighted customer · ↓ ↑ choose · Esc closes</source>
        <translation>Enter 打开选中的客户 · ↓ ↑ 选择 · Esc 关闭</translation>
    </message>
    <message>
        <source>Showing the best {count}: type more to narrow · {keys}</source>
        <translation>显示最匹配的 {count} 位：多输入几个字可缩小范围 · {keys}</translation>
    </message>
    <message>
        <source> +{count} more</source>
        <translation> 另 {count} 辆</translation>
    </message>
    <message>
        <source>blacklisted</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <source>car in the shop ({order})</source>
        <translation>车在店内（{order}）</translation>
    </message>
    <message>
        <source>last visit {date}</source>
        <translation>上次到店 {date}</translation>
    </message>
</context>
<context>
    <name>GradeDialog</name>
    <message>
        <source>Automatic ({value})</source>
        <translation>自动（{value}）</translation>
    </message>
    <message>
        <source>&amp;Grade</source>
        <translation>等级(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
</context>
<context>
    <name>GradingRulesDialog</name>
    <message>
        <source>Customer grades</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <source>&amp;Save and regrade</source>
        <translation>保存并重新评级(&amp;S)</translation>
    </message>
    <message>
        <source>VIP from s&amp;pend</source>
        <translation>VIP 消费门槛(&amp;P)</translation>
    </message>
    <message>
        <source>…or &amp;visits</source>
        <translation>……或到店次数(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Regular from spend</source>
        <translation>普通客户消费门槛(&amp;R)</translation>
    </message>
    <message>
        <source>…or v&amp;isits</source>
        <translation>……或到店次数(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Lapsed list after</source>
        <translation>流失名单期限(&amp;L)</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Over the last 12 months: spend is what the customer&apos;s invoices came to (less credit notes), visits are their invoiced and logged visits.</source>
        <translation>按最近 12 个月计算：消费额为客户发票合计（扣除红字发票），到店次数为开票及登记的到店次数。</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Your existing records</source>
        <translation>您现有的记录</translation>
    </message>
    <message>
        <source>&amp;Open the import wizard when the shop is ready</source>
        <translation>店铺建好后打开导入向导(&amp;O)</translation>
    </message>
    <message>
        <source>Customers, vehicles or parts in spreadsheets?</source>
        <translation>客户、车辆或配件在电子表格里？</translation>
    </message>
    <message>
        <source>ShopDesk can read Excel and CSV files of customers, vehicles and parts. It checks every row first and imports all of them or none. You can also do it later from File → Import spreadsheet….</source>
        <translation>ShopDesk 可以读取客户、车辆和配件的 Excel 和 CSV 文件。它会先检查每一行，然后全部导入或全部不导入。您也可以以后在“文件 → 导入电子表格…”中操作。</translation>
    </message>
    <message>
        <source>Start typing, or bring your records in later.</source>
        <translation>开始输入，或以后再导入您的记录。</translation>
    </message>
    <message>
        <source>This version of ShopDesk cannot import spreadsheets yet. Customers and their cars are added in a few seconds at check-in (Customers → New check-in, Ctrl+N), and parts on the Parts screen. When an update brings spreadsheet import, it is under File → Import spreadsheet….</source>
        <translation>此版本的 ShopDesk 还不能导入电子表格。接车时几秒钟即可添加客户及其车辆（客户 → 新建接车，Ctrl+N），配件在“配件”界面添加。更新提供电子表格导入后，可在“文件 → 导入电子表格…”中找到。</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import price file — {supplier}</source>
        <translation>导入价格文件 — {supplier}</translation>
    </message>
    <message>
        <source>{new} new line(s), {changed} changed, {same} unchanged, {errors} row(s) with errors (they are skipped). Nothing is imported until you press Import.</source>
        <translation>新行 {new}，更改 {changed}，未变 {same}，有错误 {errors} 行（将被跳过）。点击“导入”之前不会导入任何内容。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Supplier no.</source>
        <translation>供应商编号</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Cost per pack</source>
        <translation>每包成本</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation>包装</translation>
    </message>
    <message>
        <source>Old cost</source>
        <translation>原成本</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Rows with errors:</source>
        <translation>有错误的行：</translation>
    </message>
    <message>
        <source>&amp;Import {count} line(s)</source>
        <translation>导入 {count} 行(&amp;I)</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import a spreadsheet</source>
        <extracomment>What each import changes, for ``AppContext.notify``.</extracomment>
        <translation>导入电子表格</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Bring in the lists you already keep: an Excel workbook (.xlsx) or a CSV file. Nothing is saved until the last step, and then in one go.</source>
        <translation>导入您现有的清单：Excel 工作簿 (.xlsx) 或 CSV 文件。直到最后一步才会一次性保存。</translation>
    </message>
    <message>
        <source>The file holds:</source>
        <translation>文件内容：</translation>
    </message>
    <message>
        <source>Choose an .xlsx or .csv file</source>
        <translation>选择 .xlsx 或 .csv 文件</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Vehicles (with their owners)</source>
        <translation>车辆（含车主）</translation>
    </message>
    <message>
        <source>Parts catalogue</source>
        <translation>配件目录</translation>
    </message>
    <message>
        <source>Price updates</source>
        <translation>价格更新</translation>
    </message>
    <message>
        <source>Stock counts</source>
        <translation>库存数量</translation>
    </message>
    <message>
        <source>The first rows as they will be saved:</source>
        <translation>前几行保存后的样子：</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import the valid rows; leave out the rejected</source>
        <translation>导入有效行；跳过被拒绝的行</translation>
    </message>
    <message>
        <source>Import nothing if any row is rejected</source>
        <translation>只要有一行被拒绝就全部不导入</translation>
    </message>
    <message>
        <source>&amp;Save rejected rows…</source>
        <translation>保存被拒绝的行(&amp;S)…</translation>
    </message>
    <message>
        <source>A workbook of the rejected rows with an errors column: fix it and import it again</source>
        <translation>一个包含被拒绝行和错误列的工作簿：修正后重新导入</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose a spreadsheet</source>
        <translation>选择电子表格</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv *.txt);;All files (*)</source>
        <translation>电子表格 (*.xlsx *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <source>Opening the file…</source>
        <translation>正在打开文件…</translation>
    </message>
    <message>
        <source>Header found on row {row} of {name}. Check what each column is; columns set to “ignore” are not imported.</source>
        <translation>在 {name} 的第 {row} 行找到表头。请检查每一列的含义；设为“忽略”的列不会导入。</translation>
    </message>
    <message>
        <source>— ignore —</source>
        <translation>— 忽略 —</translation>
    </message>
    <message>
        <source>Still to map: {what}</source>
        <translation>尚待对应：{what}</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>OK. Note: {notes}</source>
        <translation>完成。注意：{notes}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在检查每一行…</translation>
    </message>
    <message>
        <source>{rows} rows checked: {created} to add, {updated} to update, {unchanged} unchanged, {rejected} rejected.</source>
        <translation>已检查 {rows} 行：新增 {created}，更新 {updated}，未变 {unchanged}，拒绝 {rejected}。</translation>
    </message>
    <message>
        <source>Note: {text}</source>
        <translation>注意：{text}</translation>
    </message>
    <message>
        <source>Save the rejected rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>{count} rejected rows saved to {path}</source>
        <translation>{count} 个被拒绝的行已保存到 {path}</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Imported: {created} added, {updated} updated, {unchanged} unchanged, {rejected} rejected.</source>
        <translation>已导入：新增 {created}，更新 {updated}，未变 {unchanged}，拒绝 {rejected}。</translation>
    </message>
    <message>
        <source>Nothing was imported: {rejected} rows were rejected and you chose all or nothing. Save the rejected rows, fix them and try again.</source>
        <translation>未导入任何内容：有 {rejected} 行被拒绝，而您选择了全部或全不导入。请保存被拒绝的行，修正后重试。</translation>
    </message>
</context>
<context>
    <name>InquiryDialog</name>
    <message>
        <source>&amp;Question</source>
        <translation>问题(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>答复(&amp;A)</translation>
    </message>
</context>
<context>
    <name>InsightsDialog</name>
    <message>
        <source>Stock value by category</source>
        <translation>按类别的库存价值</translation>
    </message>
    <message>
        <source>Fast movers</source>
        <translation>畅销配件</translation>
    </message>
    <message>
        <source>Slow movers</source>
        <translation>滞销配件</translation>
    </message>
    <message>
        <source>Dead stock</source>
        <translation>呆滞库存</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Parts in stock</source>
        <translation>有库存的配件</translation>
    </message>
    <message>
        <source>Value at cost</source>
        <translation>成本价值</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Out in period</source>
        <translation>期间出库</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <source>Last movement</source>
        <translation>最近变动</translation>
    </message>
    <message>
        <source>Inventory insights</source>
        <translation>库存分析</translation>
    </message>
    <message>
        <source>last {days} days</source>
        <translation>最近 {days} 天</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
</context>
<context>
    <name>InteractionDialog</name>
    <message>
        <source>&amp;Type</source>
        <translation>类型(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;What was said</source>
        <translation>沟通内容(&amp;W)</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>&amp;Due</source>
        <translation>到期(&amp;D)</translation>
    </message>
    <message>
        <source>e.g. call back with the price</source>
        <translation>例如：回电告知价格</translation>
    </message>
    <message>
        <source>To d&amp;o</source>
        <translation>待办(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;For</source>
        <translation>负责人(&amp;F)</translation>
    </message>
</context>
<context>
    <name>InvoiceView</name>
    <message>
        <source>&amp;Issue (Ctrl+I)</source>
        <translation>开具(&amp;I) (Ctrl+I)</translation>
    </message>
    <message>
        <source>Give the draft its invoice number; after that it cannot change (a credit note corrects it)</source>
        <translation>为草稿分配发票号；开具后不能修改（用红字发票更正）</translation>
    </message>
    <message>
        <source>Take &amp;payment (F12)</source>
        <translation>收款(&amp;P) (F12)</translation>
    </message>
    <message>
        <source>&amp;Edit lines…</source>
        <translation>编辑明细(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Delete draft…</source>
        <translation>删除草稿(&amp;D)…</translation>
    </message>
    <message>
        <source>P&amp;rint… (Ctrl+P)</source>
        <translation>打印(&amp;R)… (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Credit note…</source>
        <translation>红字发票(&amp;C)…</translation>
    </message>
    <message>
        <source>Core re&amp;turn…</source>
        <translation>旧件退回(&amp;T)…</translation>
    </message>
    <message>
        <source>The customer brought the old unit back: refund its core deposit</source>
        <translation>客户带回了旧件：退还旧件押金</translation>
    </message>
    <message>
        <source>Car co&amp;llected</source>
        <translation>车已取走(&amp;L)</translation>
    </message>
    <message>
        <source>The customer took the car: the repair order is closed</source>
        <translation>客户已取车：维修单关闭</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Take payment (a draft: issue it first)</source>
        <translation>收款（草稿先开具）</translation>
    </message>
    <message>
        <source>Issue the draft</source>
        <translation>开具草稿</translation>
    </message>
    <message>
        <source>Draft invoice</source>
        <translation>草稿发票</translation>
    </message>
    <message>
        <source>not issued yet</source>
        <translation>尚未开具</translation>
    </message>
    <message>
        <source>Issue and take &amp;payment (F12)</source>
        <translation>开具并收款(&amp;P) (F12)</translation>
    </message>
    <message>
        <source>Issued as {number}.</source>
        <translation>已开具为 {number}。</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <source>Delete this draft invoice? It never had a number; a repair order&apos;s work goes back to done, to invoice again.</source>
        <translation>删除这张草稿发票？它还没有编号；维修单的项目会回到“已完工”，可再次开发票。</translation>
    </message>
    <message>
        <source>&amp;Delete draft</source>
        <translation>删除草稿(&amp;D)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Draft invoice deleted</source>
        <translation>草稿发票已删除</translation>
    </message>
    <message>
        <source>{number}: collected.</source>
        <translation>{number}：已取车。</translation>
    </message>
    <message>
        <source>Print the invoice</source>
        <translation>打印发票</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>红字发票</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source> · paid {paid} · &lt;b&gt;due {due}&lt;/b&gt;</source>
        <translation> · 已付 {paid} · &lt;b&gt;应付 {due}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;font-size:14pt&apos;&gt;&lt;b&gt;{kind} {value}&lt;/b&gt;&lt;/span&gt; · {status} · {customer_name}&lt;br&gt;Total {money}{paid}</source>
        <translation>&lt;span style=&apos;font-size:14pt&apos;&gt;&lt;b&gt;{kind} {value}&lt;/b&gt;&lt;/span&gt; · {status} · {customer_name}&lt;br&gt;合计 {money}{paid}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>InvoicesBehind</name>
    <message>
        <source>Invoices behind: {figure}</source>
        <translation>构成该数字的发票：{figure}</translation>
    </message>
    <message>
        <source>{figure} — {month}: {count} documents. Double-click one to open it.</source>
        <translation>{figure} — {month}：{count} 张单据。双击可打开。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>InvoicesScreen</name>
    <message>
        <source>Counter sale (F9)</source>
        <translation>柜台销售 (F9)</translation>
    </message>
    <message>
        <source>Customer, number or plate</source>
        <translation>客户、单号或车牌</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>更多(&amp;M)</translation>
    </message>
    <message>
        <source>Cash-up, receivables, cores and lost sales, export</source>
        <translation>现金结算、应收账款、旧件与流失销售、导出</translation>
    </message>
    <message>
        <source>&amp;Cash-up…</source>
        <translation>现金结算(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Receivables…</source>
        <translation>应收账款(&amp;R)…</translation>
    </message>
    <message>
        <source>C&amp;ores &amp;&amp; lost sales…</source>
        <translation>旧件与流失销售(&amp;O)…</translation>
    </message>
    <message>
        <source>Cores out and on hand, lost sales, comebacks</source>
        <translation>在外和店内的旧件、流失销售、返修</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>No invoices yet</source>
        <translation>还没有发票</translation>
    </message>
    <message>
        <source>Press F9 for a counter sale, or invoice a finished repair order. Issued invoices, credit notes and drafts show here.</source>
        <translation>按 F9 进行柜台销售，或为完工的维修单开票。已开具的发票、红字发票和草稿都显示在这里。</translation>
    </message>
    <message>
        <source>Counter sale</source>
        <translation>柜台销售</translation>
    </message>
    <message>
        <source>Choose an invoice in the list first</source>
        <translation>请先在列表中选择发票</translation>
    </message>
</context>
<context>
    <name>KnowledgeBaseDialog</name>
    <message>
        <source>Knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Words in the question or the answer</source>
        <translation>问题或答案中的词语</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>答复时间</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>{count} answer(s)</source>
        <translation>{count} 条答案</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <source>{prev} vs last month
{year} vs last year</source>
        <extracomment>The figures shown as tiles (all of them are in the &quot;All figures&quot; table).</extracomment>
        <translation>环比 {prev}
同比 {year}</translation>
    </message>
    <message>
        <source>Double-click: the invoices behind this figure</source>
        <translation>双击：查看构成该数字的发票</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Open orders</source>
        <translation>未完成订单</translation>
    </message>
    <message>
        <source>All orders</source>
        <translation>所有订单</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>技师</translation>
    </message>
    <message>
        <source>manage users</source>
        <extracomment>permissions the owner granted this person on top of their role (see GRANTABLE) Whoever runs the ``shopdesk`` command on this PC: they hold the database file (or its PostgreSQL credentials) already, so the command line acts with the owner&apos;s rights. what each permission lets a person do, as a refusal names it</extracomment>
        <translation>管理用户</translation>
    </message>
    <message>
        <source>change the shop settings</source>
        <translation>修改店铺设置</translation>
    </message>
    <message>
        <source>browse the audit log</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <source>change prices and costs</source>
        <translation>修改价格和成本</translation>
    </message>
    <message>
        <source>see costs and margins</source>
        <translation>查看成本和毛利</translation>
    </message>
    <message>
        <source>issue credit notes</source>
        <translation>开红字发票</translation>
    </message>
    <message>
        <source>see the owner&apos;s reports</source>
        <translation>查看店主报表</translation>
    </message>
    <message>
        <source>restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>make a backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>change customers and vehicles</source>
        <translation>修改客户和车辆</translation>
    </message>
    <message>
        <source>sell and take payments</source>
        <translation>销售和收款</translation>
    </message>
    <message>
        <source>receive and adjust stock</source>
        <translation>入库和调整库存</translation>
    </message>
    <message>
        <source>open and change repair orders</source>
        <translation>开立和修改维修单</translation>
    </message>
    <message>
        <source>work on jobs and clock time</source>
        <translation>施工和打卡</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>已预约</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>已接车</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>未到店</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>施工中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Regular</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Occasional</source>
        <translation>偶尔</translation>
    </message>
    <message>
        <source>Lapsed</source>
        <translation>流失</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>来访</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Phone call</source>
        <extracomment>How the customer prefers to be reached, as the forms, the reminder list and its exports name it (context &quot;Labels&quot;).</extracomment>
        <translation>电话</translation>
    </message>
    <message>
        <source>Text message</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>信件</translation>
    </message>
    <message>
        <source>Do not contact</source>
        <translation>请勿联系</translation>
    </message>
    <message>
        <source>All</source>
        <extracomment>the list&apos;s status filter (not a status: &quot;open&quot; is issued with money due)</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>已开具</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Unpaid</source>
        <translation>未付</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>红字发票</translation>
    </message>
    <message>
        <source>Invoice</source>
        <extracomment>what kind of document it is, as a person reads it</extracomment>
        <translation>发票</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>支票</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>店内余额</translation>
    </message>
    <message>
        <source>Draft</source>
        <extracomment>an invoice&apos;s status as a person reads it (translated where shown)</extracomment>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>已订购</translation>
    </message>
    <message>
        <source>Partly received</source>
        <translation>部分收货</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估价单</translation>
    </message>
    <message>
        <source>Open (in the shop)</source>
        <extracomment>The status filter of the list: label -&gt; statuses.</extracomment>
        <translation>未完成（在店内）</translation>
    </message>
    <message>
        <source>Estimates</source>
        <translation>估价单</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Waiting for parts</source>
        <translation>等待配件</translation>
    </message>
    <message>
        <source>Done (to invoice)</source>
        <translation>已完工（待开票）</translation>
    </message>
    <message>
        <source>Ready for collection</source>
        <translation>可取车</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完工</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>已开票</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>已取车</translation>
    </message>
    <message>
        <source>Labour</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Part</source>
        <extracomment>what a line charges for, as a person reads it</extracomment>
        <translation>配件</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Sublet</source>
        <translation>外包</translation>
    </message>
    <message>
        <source>Core deposit</source>
        <translation>旧件押金</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Needs attention soon</source>
        <translation>需尽快处理</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Quality of work</source>
        <translation>施工质量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Cash customer</source>
        <translation>散客</translation>
    </message>
    <message>
        <source>Receipt</source>
        <extracomment>+1: into stock, -1: out of stock, 0: signed by the caller.</extracomment>
        <translation>收货</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Repair-order use</source>
        <translation>维修领用</translation>
    </message>
    <message>
        <source>Repair-order return</source>
        <translation>维修退料</translation>
    </message>
    <message>
        <source>Return to supplier</source>
        <translation>退给供应商</translation>
    </message>
    <message>
        <source>Customer return</source>
        <translation>客户退货</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Stock-take</source>
        <translation>库存盘点</translation>
    </message>
    <message>
        <source>Retail</source>
        <extracomment>The price-rounding rules: key -&gt; what the owner reads.</extracomment>
        <translation>零售</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>批发</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Petrol</source>
        <translation>汽油</translation>
    </message>
    <message>
        <source>Diesel</source>
        <translation>柴油</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>油电混动</translation>
    </message>
    <message>
        <source>Plug-in hybrid</source>
        <translation>插电混动</translation>
    </message>
    <message>
        <source>Electric</source>
        <translation>纯电动</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <source>Print labels</source>
        <translation>打印标签</translation>
    </message>
    <message>
        <source>Labels already used on the first sheet</source>
        <translation>第一张标签纸上已用掉的标签</translation>
    </message>
    <message>
        <source>{count} part(s)</source>
        <translation>{count} 个配件</translation>
    </message>
    <message>
        <source>&amp;Layout</source>
        <translation>版式(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Copies of each</source>
        <translation>每种份数(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Skip used labels</source>
        <translation>跳过已用标签(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;to</source>
        <translation>保存到(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Save labels</source>
        <translation>保存标签</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>{count} label(s) saved to {target}</source>
        <translation>{count} 张标签已保存到 {target}</translation>
    </message>
</context>
<context>
    <name>Letters</name>
    <message>
        <source>car</source>
        <translation>爱车</translation>
    </message>
    <message>
        <source>{service}: was due on {date}</source>
        <translation>{service}：已于 {date} 到期</translation>
    </message>
    <message>
        <source>{service}: due by {date} or at about {km} km</source>
        <translation>{service}：{date} 前或约 {km} 公里时到期</translation>
    </message>
    <message>
        <source>{service}: due by {date}</source>
        <translation>{service}：{date} 前到期</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Your {car} is well overdue for its servicing ({services}). We would be glad to give it a check-up and bring it up to date.</source>
        <translation>您的 {car} 的保养（{services}）已逾期较久。我们很乐意为它做一次全面检查，让保养恢复正常。</translation>
    </message>
    <message>
        <source>We have not seen your {car} since {date}: its servicing ({services}) is well overdue. We would be glad to give it a check-up and bring it up to date.</source>
        <translation>自 {date} 以来，我们一直未见到您的 {car}：它的保养（{services}）已逾期较久。我们很乐意为它做一次全面检查，让保养恢复正常。</translation>
    </message>
    <message>
        <source>We have not seen your {car} for a long time: its servicing ({services}) is well overdue. We would be glad to give it a check-up and bring it up to date.</source>
        <translation>我们已很久未见到您的 {car}：它的保养（{services}）已逾期较久。我们很乐意为它做一次全面检查，让保养恢复正常。</translation>
    </message>
    <message>
        <source>Attn. {name}</source>
        <translation>联系人：{name}</translation>
    </message>
    <message>
        <source>Our records show that your {car} is due for:</source>
        <translation>根据我们的记录，您的 {car} 需要进行以下保养：</translation>
    </message>
    <message>
        <source>Regular maintenance keeps your car safe and reliable, and keeps its value up.</source>
        <translation>定期保养能让您的爱车安全可靠，并保持它的价值。</translation>
    </message>
    <message>
        <source>At your last visit we also recommended: {work}.</source>
        <translation>您上次到店时我们还建议：{work}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Call us on {phone} to book a time that suits you.</source>
        <translation>请致电 {phone} 预约您方便的时间。</translation>
    </message>
    <message>
        <source>Call us to book a time that suits you.</source>
        <translation>请致电我们预约您方便的时间。</translation>
    </message>
    <message>
        <source>Kind regards,</source>
        <translation>此致
敬礼！</translation>
    </message>
    <message>
        <source>Service reminder</source>
        <translation>保养提醒</translation>
    </message>
    <message>
        <source>Dear {name},</source>
        <translation>尊敬的{name}先生/女士：</translation>
    </message>
    <message>
        <source>Dear Sir or Madam,</source>
        <translation>尊敬的客户：</translation>
    </message>
    <message>
        <source>Dear Customer,</source>
        <translation>尊敬的客户：</translation>
    </message>
</context>
<context>
    <name>LevelsTab</name>
    <message>
        <source>Price levels (customers buy at one of these)</source>
        <translation>价格等级（客户按其中之一购买）</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>New level, e.g. Fleet</source>
        <translation>新等级，例如 车队</translation>
    </message>
    <message>
        <source>&amp;Add level</source>
        <translation>添加等级(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>重命名(&amp;N)…</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>删除(&amp;V)</translation>
    </message>
    <message>
        <source>Round matrix prices:</source>
        <translation>矩阵价格取整：</translation>
    </message>
    <message>
        <source>Rename price level</source>
        <translation>重命名价格等级</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
</context>
<context>
    <name>ListExport</name>
    <message>
        <source>Export…</source>
        <extracomment>Lists up to this many rows are written at once; longer ones in the background.</extracomment>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save this list as it is shown (filter, sort, columns) to an Excel file (Ctrl+E)</source>
        <translation>按当前显示（筛选、排序、列）将此列表保存为 Excel 文件 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Export this list to Excel</source>
        <translation>将此列表导出到 Excel</translation>
    </message>
    <message>
        <source>Export {title}</source>
        <translation>导出{title}</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting {title}</source>
        <translation>正在导出{title}</translation>
    </message>
    <message>
        <source>{count} rows written to {path}</source>
        <translation>已将 {count} 行写入 {path}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to ShopDesk</source>
        <translation>登录 ShopDesk</translation>
    </message>
    <message>
        <source>ShopDesk</source>
        <translation>ShopDesk</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
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
        <translation>选择标志(&amp;L)…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>无标志</translation>
    </message>
    <message>
        <source>{path} is not an image ShopDesk can read (use PNG or JPEG)</source>
        <translation>{path} 不是 ShopDesk 能读取的图片（请使用 PNG 或 JPEG）</translation>
    </message>
    <message>
        <source>Shop logo</source>
        <translation>店铺标志</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.svg)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.gif *.svg)</translation>
    </message>
</context>
<context>
    <name>LostSaleDialog</name>
    <message>
        <source>Lost sale</source>
        <translation>流失销售</translation>
    </message>
    <message>
        <source>What the customer asked for</source>
        <translation>客户所需</translation>
    </message>
    <message>
        <source>{sku} · {name} · {stock} in stock</source>
        <translation>{sku} · {name} · 库存 {stock}</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>&amp;Asked for</source>
        <translation>客户所需(&amp;A)</translation>
    </message>
    <message>
        <source>Not stocked</source>
        <translation>不经营</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
</context>
<context>
    <name>LostSalesTab</name>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Asked for</source>
        <translation>客户所需</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Last asked</source>
        <translation>最近一次询问</translation>
    </message>
    <message>
        <source>Not stocked</source>
        <translation>不经营</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>{count} lost sales of {items} parts or requests</source>
        <translation>{items} 种配件或需求共 {count} 次流失销售</translation>
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
        <translation>演示店铺：这里的客户、配件和发票都是虚构的，随便试。</translation>
    </message>
    <message>
        <source>Set up my own shop…</source>
        <translation>建立我自己的店铺…</translation>
    </message>
    <message>
        <source>Front desk</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Find customer, phone, plate or VIN  (Ctrl+K)</source>
        <translation>查找客户、电话、车牌或车架号  (Ctrl+K)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>&amp;About ShopDesk</source>
        <translation>关于 ShopDesk(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Import spreadsheet…</source>
        <translation>导入电子表格(&amp;I)…</translation>
    </message>
    <message>
        <source>Search finds customers and vehicles; this version has none yet.</source>
        <translation>搜索用于查找客户和车辆；此版本尚未提供。</translation>
    </message>
    <message>
        <source>  [DEMO]</source>
        <translation>  [演示]</translation>
    </message>
    <message>
        <source>Database: {describe}</source>
        <translation>数据库：{describe}</translation>
    </message>
    <message>
        <source>Signed in: {label} ({role})</source>
        <translation>已登录：{label}（{role}）</translation>
    </message>
    <message>
        <source>Only the owner can change the settings.</source>
        <translation>只有店主可以更改设置。</translation>
    </message>
    <message>
        <source>Find a customer, phone, plate or VIN</source>
        <translation>查找客户、电话、车牌或车架号</translation>
    </message>
    <message>
        <source>Open {screen}</source>
        <translation>打开{screen}</translation>
    </message>
</context>
<context>
    <name>ManualTab</name>
    <message>
        <source>These prices were set by hand: the markup matrix leaves them alone until you reset them.</source>
        <translation>这些价格是手动设置的：在您恢复之前，加价矩阵不会改动它们。</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Set by</source>
        <translation>设置来源</translation>
    </message>
    <message>
        <source>&amp;Set a price by hand…</source>
        <translation>手动设置价格(&amp;S)…</translation>
    </message>
    <message>
        <source>Reset &amp;to matrix</source>
        <translation>恢复按矩阵定价(&amp;T)</translation>
    </message>
    <message>
        <source>{count} price(s) set by hand</source>
        <translation>{count} 个手动设置的价格</translation>
    </message>
    <message>
        <source>Not reset</source>
        <translation>未恢复</translation>
    </message>
    <message>
        <source>{sku} follows the matrix again ({count} price(s) changed)</source>
        <translation>{sku} 恢复按矩阵定价（已更改 {count} 个价格）</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>Columns of the price file</source>
        <translation>价格文件的列</translation>
    </message>
    <message>
        <source>Some columns were not recognised. Say what each column holds; the supplier part number and the cost are needed.</source>
        <translation>有些列无法识别。请说明每列的内容；供应商配件号和成本是必需的。</translation>
    </message>
    <message>
        <source>(ignore this column)</source>
        <translation>（忽略此列）</translation>
    </message>
</context>
<context>
    <name>MatrixTab</name>
    <message>
        <source>Shop-wide</source>
        <translation>全店</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Price le&amp;vel:</source>
        <translation>价格等级(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>适用于(&amp;F)：</translation>
    </message>
    <message>
        <source>Cost from</source>
        <translation>成本从</translation>
    </message>
    <message>
        <source>Cost to (empty: no end)</source>
        <translation>成本至（留空：无上限）</translation>
    </message>
    <message>
        <source>Markup (40 = +40 %, or x1.4)</source>
        <translation>加价（40 = +40%，或 x1.4）</translation>
    </message>
    <message>
        <source>Add &amp;band</source>
        <translation>添加区间(&amp;B)</translation>
    </message>
    <message>
        <source>Remove band</source>
        <translation>删除区间</translation>
    </message>
    <message>
        <source>Delete this matrix</source>
        <translation>删除此矩阵</translation>
    </message>
    <message>
        <source>&amp;Save matrix</source>
        <translation>保存矩阵(&amp;S)</translation>
    </message>
    <message>
        <source>No matrix here yet: parts follow the category&apos;s, then the brand&apos;s, then the shop-wide matrix of this level.</source>
        <translation>这里还没有加价矩阵：配件依次采用该类别、该品牌、然后是本价格等级的全店矩阵。</translation>
    </message>
    <message>
        <source>Sell price = cost × (100 + markup) / 100, rounded: {rule}.</source>
        <translation>售价 = 成本 × (100 + 加价) / 100，取整方式：{rule}。</translation>
    </message>
    <message>
        <source>Matrix saved; Preview on the Reprice tab to apply it</source>
        <translation>矩阵已保存；请在“重新定价”选项卡中预览后应用</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>&amp;Keep</source>
        <translation>保留(&amp;K)</translation>
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
        <translation>上个月</translation>
    </message>
    <message>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <source>Next month</source>
        <translation>下个月</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>另存为 PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Save as &amp;Excel…</source>
        <translation>另存为 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>All figures</source>
        <translation>全部数据</translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation>消费最多的客户</translation>
    </message>
    <message>
        <source>Top parts</source>
        <translation>销量最多的配件</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>技师</translation>
    </message>
    <message>
        <source>By make</source>
        <translation>按品牌</translation>
    </message>
    <message>
        <source>By city</source>
        <translation>按城市</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation>应收账款</translation>
    </message>
    <message>
        <source>Slow movers</source>
        <translation>滞销配件</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Comebacks by technician</source>
        <translation>按技师的返修</translation>
    </message>
    <message>
        <source>Comebacks by part</source>
        <translation>按配件的返修</translation>
    </message>
    <message>
        <source>Adding up {month}…</source>
        <translation>正在统计 {month}…</translation>
    </message>
    <message>
        <source>Monthly report</source>
        <translation>月度报表</translation>
    </message>
    <message>
        <source>{month} against {previous} and {last_year}</source>
        <translation>{month} 对比 {previous} 和 {last_year}</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Customer grades today: {grades}.</source>
        <translation>当前客户等级：{grades}。</translation>
    </message>
    <message>
        <source>Revenue by kind</source>
        <translation>按类别的营业额</translation>
    </message>
    <message>
        <source>Revenue by day (1st to last)</source>
        <translation>每日营业额（月初至月末）</translation>
    </message>
    <message>
        <source>Technicians&apos; hours</source>
        <translation>技师工时</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Clocked</source>
        <translation>打卡</translation>
    </message>
    <message>
        <source>No invoices stand behind that line</source>
        <translation>该行没有对应的发票</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>已保存 {file}</translation>
    </message>
    <message>
        <source>Save the monthly report as PDF</source>
        <translation>将月度报表另存为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save the monthly report as Excel</source>
        <translation>将月度报表另存为 Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>NotForYourRole</name>
    <message>
        <source>The monthly reports are for the owner. Ask the owner to sign in to see them.</source>
        <translation>月度报表仅供店主查看。请让店主登录后查看。</translation>
    </message>
</context>
<context>
    <name>NumberingPage</name>
    <message>
        <source>Invoice numbers</source>
        <translation>发票编号</translation>
    </message>
    <message>
        <source>Numbers run without gaps, starting again at 1 each year. Coming from another system? Start where it stopped.</source>
        <translation>编号连续不断，每年从 1 重新开始。从其他系统迁移过来？请从原系统停止的位置接着开始。</translation>
    </message>
    <message>
        <source>Invoice &amp;prefix</source>
        <translation>发票前缀(&amp;P)</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>&amp;First invoice number</source>
        <translation>起始发票号(&amp;F)</translation>
    </message>
    <message>
        <source>First invoice</source>
        <translation>起始发票号</translation>
    </message>
    <message>
        <source>First credit note</source>
        <translation>起始红字发票号</translation>
    </message>
    <message>
        <source>The prefix is up to 12 letters, digits, / or -.</source>
        <translation>前缀最多 12 个字母、数字、/ 或 -。</translation>
    </message>
</context>
<context>
    <name>OdometerDialog</name>
    <message>
        <source>&amp;Reading</source>
        <translation>读数(&amp;R)</translation>
    </message>
    <message>
        <source>Read &amp;on</source>
        <translation>读取日期(&amp;O)</translation>
    </message>
    <message>
        <source>Reason if &amp;lower</source>
        <translation>降低原因(&amp;L)</translation>
    </message>
    <message>
        <source>only when lower than the last reading</source>
        <translation>仅当低于上次读数时</translation>
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
        <translation>配件</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>已订购</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <source>Still to come</source>
        <translation>待到货</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>单位成本</translation>
    </message>
    <message>
        <source>Receiving now</source>
        <translation>本次收货</translation>
    </message>
    <message>
        <source>How many each scan or entry counts for</source>
        <translation>每次扫描或输入计为多少个</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Supplier&apos;s invoice no.</source>
        <translation>供应商发票号</translation>
    </message>
    <message>
        <source>&amp;Create a part with it…</source>
        <translation>用它新建配件(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Link it to a part…</source>
        <translation>关联到配件(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Send order</source>
        <translation>发送订单(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Book receipt</source>
        <translation>登记收货(&amp;B)</translation>
    </message>
    <message>
        <source>Cancel &amp;order</source>
        <translation>取消订单(&amp;O)</translation>
    </message>
    <message>
        <source>Unit &amp;cost…</source>
        <translation>单位成本(&amp;C)…</translation>
    </message>
    <message>
        <source>Change the selected line&apos;s unit cost for this delivery (the supplier&apos;s invoice price)</source>
        <translation>更改所选行本次到货的单位成本（供应商发票价）</translation>
    </message>
    <message>
        <source>&amp;Print PDF</source>
        <translation>打印 PDF(&amp;P)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Purchase order {number}</source>
        <translation>采购单 {number}</translation>
    </message>
    <message>
        <source>Scan or type a SKU to add it to the order</source>
        <translation>扫描或输入 SKU 以加入订单</translation>
    </message>
    <message>
        <source>Scan each part as it comes out of the box</source>
        <translation>拆箱时逐个扫描配件</translation>
    </message>
    <message>
        <source>Received {lines} line(s) on {number}</source>
        <translation>{number} 已收货 {lines} 行</translation>
    </message>
    <message>
        <source>{cost} (ordered at {ordered})</source>
        <translation>{cost}（订购价 {ordered}）</translation>
    </message>
    <message>
        <source>Unit cost of {sku} on this delivery:</source>
        <translation>{sku} 本次到货的单位成本：</translation>
    </message>
    <message>
        <source>Unusual cost</source>
        <translation>成本异常</translation>
    </message>
    <message>
        <source>{message}

Book the delivery at this cost?</source>
        <translation>{message}

按此成本登记收货吗？</translation>
    </message>
    <message>
        <source>Select a line first</source>
        <translation>请先选择一行</translation>
    </message>
    <message>
        <source>No part has the code {code}:</source>
        <translation>没有配件使用代码 {code}：</translation>
    </message>
    <message>
        <source>Link barcode</source>
        <translation>关联条码</translation>
    </message>
    <message>
        <source>Part with the code {code} (pick one, or type its SKU):</source>
        <translation>代码为 {code} 的配件（选择一个，或输入其 SKU）：</translation>
    </message>
    <message>
        <source>No such part; the code was not linked</source>
        <translation>没有此配件；代码未关联</translation>
    </message>
    <message>
        <source>{code} now finds {sku} {name}</source>
        <translation>{code} 现在对应 {sku} {name}</translation>
    </message>
    <message>
        <source>{number} saved to {path}</source>
        <translation>{number} 已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>OrderEditor</name>
    <message>
        <source>&amp;Save concerns</source>
        <translation>保存问题描述(&amp;S)</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Item, e.g. Front brake pads</source>
        <translation>项目，例如 前刹车片</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>检查发现</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估价单</translation>
    </message>
    <message>
        <source>Part no. / barcode</source>
        <translation>配件号 / 条码</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Qty / h</source>
        <translation>数量 / 工时</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Disc.</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>技师</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>in person</source>
        <translation>当面</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>message</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Add recommended work</source>
        <translation>添加建议项目</translation>
    </message>
    <message>
        <source>Co&amp;ncerns and inspection</source>
        <translation>客户描述的问题与检查(&amp;N)</translation>
    </message>
    <message>
        <source>No concerns written</source>
        <translation>未填写客户描述的问题</translation>
    </message>
    <message>
        <source>Findings: {count}</source>
        <translation>检查发现：{count}</translation>
    </message>
    <message>
        <source>Customer&apos;s concerns</source>
        <translation>客户描述的问题</translation>
    </message>
    <message>
        <source>In the customer&apos;s own words</source>
        <translation>按客户的原话记录</translation>
    </message>
    <message>
        <source>Add finding</source>
        <translation>添加检查发现</translation>
    </message>
    <message>
        <source>Add to esti&amp;mate</source>
        <translation>加入估价单(&amp;M)</translation>
    </message>
    <message>
        <source>The selected finding (else the most urgent one not on the estimate yet) as a new line: type its price, Enter adds it</source>
        <translation>将选中的检查发现（未选时为尚未加入估价单的最紧急一项）作为新明细：输入价格，按 Enter 添加</translation>
    </message>
    <message>
        <source>Qty / hours</source>
        <translation>数量 / 工时</translation>
    </message>
    <message>
        <source>Price (blank: list / rate)</source>
        <translation>价格（留空：按目录价 / 工时费率）</translation>
    </message>
    <message>
        <source>Disc. %</source>
        <translation>折扣 %</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation>添加行(&amp;A)</translation>
    </message>
    <message>
        <source>Add pac&amp;kage</source>
        <translation>添加套餐(&amp;K)</translation>
    </message>
    <message>
        <source>Assi&amp;gn technician</source>
        <translation>指派技师(&amp;G)</translation>
    </message>
    <message>
        <source>Mark declined</source>
        <translation>标记为拒绝</translation>
    </message>
    <message>
        <source>Customer answered b&amp;y</source>
        <translation>客户答复方式(&amp;Y)</translation>
    </message>
    <message>
        <source>Record approva&amp;l</source>
        <translation>记录客户批准(&amp;L)</translation>
    </message>
    <message>
        <source>Res&amp;ume work</source>
        <translation>恢复施工(&amp;U)</translation>
    </message>
    <message>
        <source>Jo&amp;b done</source>
        <translation>完工(&amp;B)</translation>
    </message>
    <message>
        <source>Print &amp;estimate…</source>
        <translation>打印估价单(&amp;E)…</translation>
    </message>
    <message>
        <source>Print &amp;job card…</source>
        <translation>打印派维修单(&amp;J)…</translation>
    </message>
    <message>
        <source>Cl&amp;ock off (F9)</source>
        <translation>收工打卡(&amp;O) (F9)</translation>
    </message>
    <message>
        <source>Print the car&apos;s service history</source>
        <translation>打印该车的维修历史</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>&amp;Estimate</source>
        <translation>估价单(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Job card</source>
        <translation>派维修单(&amp;J)</translation>
    </message>
    <message>
        <source>Service &amp;history</source>
        <translation>维修历史(&amp;H)</translation>
    </message>
    <message>
        <source>Print the estimate</source>
        <translation>打印估价单</translation>
    </message>
    <message>
        <source>Print the job card</source>
        <translation>打印派维修单</translation>
    </message>
    <message>
        <source>Ctrl+D: the customer said no to the selected line</source>
        <translation>Ctrl+D：客户拒绝了所选项目</translation>
    </message>
    <message>
        <source>Remo&amp;ve line</source>
        <translation>删除行(&amp;V)</translation>
    </message>
    <message>
        <source>Part fi&amp;tted</source>
        <translation>配件已安装(&amp;T)</translation>
    </message>
    <message>
        <source>The selected approved part is on the car (it leaves stock now if the shop books parts when fitted)</source>
        <translation>所选的已批准配件已装车（若本店在安装时出库，则现在扣减库存）</translation>
    </message>
    <message>
        <source>Package:</source>
        <translation>套餐：</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A: every waiting line approved except the ones marked declined</source>
        <translation>Ctrl+Shift+A：除标记为拒绝的项目外，批准所有待定项目</translation>
    </message>
    <message>
        <source>Clock &amp;on (F9)</source>
        <translation>开工打卡(&amp;O) (F9)</translation>
    </message>
    <message>
        <source>&amp;Waiting for parts</source>
        <translation>等待配件(&amp;W)</translation>
    </message>
    <message>
        <source>Make &amp;invoice</source>
        <translation>开具发票(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Collected</source>
        <translation>已取车(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Service history…</source>
        <translation>维修历史…</translation>
    </message>
    <message>
        <source>Save the customer&apos;s concerns</source>
        <translation>保存客户描述的问题</translation>
    </message>
    <message>
        <source>New estimate line (cursor to Description)</source>
        <translation>新估价行（光标移到说明）</translation>
    </message>
    <message>
        <source>Mark the selected line declined (again: undo)</source>
        <translation>将所选项目标记为拒绝（再按一次：撤销）</translation>
    </message>
    <message>
        <source>Record the customer&apos;s answer</source>
        <translation>记录客户的答复</translation>
    </message>
    <message>
        <source>Clock on or off this job</source>
        <translation>此工作的开工 / 收工打卡</translation>
    </message>
    <message>
        <source>Job done</source>
        <translation>完工</translation>
    </message>
    <message>
        <source>No repair order selected</source>
        <translation>未选择维修单</translation>
    </message>
    <message>
        <source>Choose one in the list (Enter opens it), or check a car in: Walk-in by plate (Ctrl+Shift+R) or New repair order on the customer&apos;s file (Ctrl+R).</source>
        <translation>在列表中选择一个（按 Enter 打开），或办理接车：按车牌临时到店 (Ctrl+Shift+R)，或在客户档案中新建维修单 (Ctrl+R)。</translation>
    </message>
    <message>
        <source>{display_name} · {plate} {car}{odo} · opened {datetime}</source>
        <translation>{display_name} · {plate} {car}{odo} · 开单于 {datetime}</translation>
    </message>
    <message>
        <source>Recommended at an earlier visit (declined then): {work}</source>
        <translation>上次到店时建议过（当时被拒绝）：{work}</translation>
    </message>
    <message>
        <source>declining…</source>
        <translation>拒绝中…</translation>
    </message>
    <message>
        <source>Approved {money} · waiting {money2} · declined {money3} · labour sold {quantity} h</source>
        <translation>已批准 {money} · 待定 {money2} · 已拒绝 {money3} · 已售工时 {quantity} 小时</translation>
    </message>
    <message>
        <source>(no technician)</source>
        <translation>（无技师）</translation>
    </message>
    <message>
        <source>{package} by {date} or {km} km</source>
        <translation>{package}：{date} 前或 {km} 公里时</translation>
    </message>
    <message>
        <source>{package} by {date}</source>
        <translation>{package}：{date} 前</translation>
    </message>
    <message>
        <source>OVERDUE {service}</source>
        <translation>已逾期 {service}</translation>
    </message>
    <message>
        <source>Next services: {services}</source>
        <translation>下次保养：{services}</translation>
    </message>
    <message>
        <source>Open &amp;invoice</source>
        <translation>打开发票(&amp;I)</translation>
    </message>
    <message>
        <source>Inspection found: {findings}</source>
        <translation>检查发现：{findings}</translation>
    </message>
    <message>
        <source>Concerns saved</source>
        <translation>问题描述已保存</translation>
    </message>
    <message>
        <source>No finding of the inspection needs work: choose one marked soon or urgent</source>
        <translation>没有需要处理的检查发现：请选择标为需尽快处理或紧急的一项</translation>
    </message>
    <message>
        <source>Line added</source>
        <translation>已添加明细</translation>
    </message>
    <message>
        <source>Package added</source>
        <translation>已添加套餐</translation>
    </message>
    <message>
        <source>Part fitted</source>
        <translation>配件已装车</translation>
    </message>
    <message>
        <source>Customer&apos;s answer recorded</source>
        <translation>已记录客户答复</translation>
    </message>
    <message>
        <source>Recommended work added</source>
        <translation>已添加建议项目</translation>
    </message>
    <message>
        <source>Clocked off</source>
        <translation>已收工打卡</translation>
    </message>
    <message>
        <source>Clocked on</source>
        <translation>已开工打卡</translation>
    </message>
    <message>
        <source>Draft invoice made</source>
        <translation>已生成草稿发票</translation>
    </message>
    <message>
        <source>Choose a repair order first</source>
        <translation>请先选择维修单</translation>
    </message>
    <message>
        <source>{number} is not invoiced yet: finish the job, then make the invoice (Alt+I)</source>
        <translation>{number} 还未开发票：先完工，再开发票（Alt+I）</translation>
    </message>
    <message>
        <source>Saved {value}</source>
        <translation>已保存 {value}</translation>
    </message>
    <message>
        <source>{number}: sent to the printer</source>
        <translation>{number}：已发送到打印机</translation>
    </message>
    <message>
        <source>Saved {saved}</source>
        <translation>已保存 {saved}</translation>
    </message>
</context>
<context>
    <name>OwnerApprovalDialog</name>
    <message>
        <source>Owner&apos;s approval</source>
        <translation>店主批准</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <source>{refusal}

The owner can approve it here with their password.</source>
        <translation>{refusal}

店主可以在这里输入密码当场批准。</translation>
    </message>
    <message>
        <source>Owner&apos;s &amp;username</source>
        <translation>店主用户名(&amp;U)</translation>
    </message>
    <message>
        <source>Owner&apos;s &amp;password</source>
        <translation>店主密码(&amp;P)</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <source>The owner&apos;s account</source>
        <translation>店主账户</translation>
    </message>
    <message>
        <source>The owner manages staff accounts, prices, settings and reports. Clerks and technicians get their own accounts later in Settings.</source>
        <translation>店主管理员工账户、价格、设置和报表。前台和技师的账户以后可在“设置”中创建。</translation>
    </message>
    <message>
        <source>used to sign in, e.g. maria</source>
        <translation>用于登录，例如 maria</translation>
    </message>
    <message>
        <source>At least {n} characters; a phrase of a few words is easy to remember and hard to guess.</source>
        <translation>至少 {n} 个字符；由几个词组成的短语好记又难猜。</translation>
    </message>
    <message>
        <source>&amp;Your name</source>
        <translation>您的姓名(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Username *</source>
        <translation>用户名(&amp;U) *</translation>
    </message>
    <message>
        <source>Pass&amp;word *</source>
        <translation>密码(&amp;W) *</translation>
    </message>
    <message>
        <source>Password a&amp;gain *</source>
        <translation>再次输入密码(&amp;G) *</translation>
    </message>
    <message>
        <source>Choose a username: letters, digits, dots, dashes or underscores.</source>
        <translation>请选择用户名：字母、数字、点、短横线或下划线。</translation>
    </message>
    <message>
        <source>The two passwords differ: type it again.</source>
        <translation>两次输入的密码不一致：请重新输入。</translation>
    </message>
</context>
<context>
    <name>PackageDialog</name>
    <message>
        <source>Package</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Package {name}</source>
        <translation>套餐 {name}</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>Desc&amp;ription</source>
        <translation>说明(&amp;R)</translation>
    </message>
    <message>
        <source>Make (empty: any)</source>
        <translation>品牌（留空：任何）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>发动机</translation>
    </message>
    <message>
        <source>&amp;Cars</source>
        <translation>适用车辆(&amp;C)</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;Years</source>
        <translation>年份(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Fuel (none: any)</source>
        <translation>燃油(&amp;F)（不选：任何）</translation>
    </message>
    <message>
        <source>km</source>
        <translation>公里</translation>
    </message>
    <message>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <source>E&amp;very (km / months)</source>
        <translation>间隔(&amp;V)（公里 / 月）</translation>
    </message>
    <message>
        <source>MM-DD</source>
        <translation>月-日</translation>
    </message>
    <message>
        <source>Sea&amp;son (from / to)</source>
        <translation>季节(&amp;S)（从 / 至）</translation>
    </message>
    <message>
        <source>Fixed &amp;price</source>
        <translation>固定价格(&amp;P)</translation>
    </message>
    <message>
        <source>Empty: the sum of the lines</source>
        <translation>留空：按各行合计</translation>
    </message>
    <message>
        <source>Part no. or scan</source>
        <translation>配件编号或扫码</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Qty / hours</source>
        <translation>数量 / 工时</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Price (empty: list)</source>
        <translation>价格（留空：标价）</translation>
    </message>
    <message>
        <source>Add line (Alt+L)</source>
        <translation>添加行 (Alt+L)</translation>
    </message>
    <message>
        <source>L&amp;ines</source>
        <translation>明细行(&amp;I)</translation>
    </message>
    <message>
        <source>Alt+L or Insert adds the line; Delete removes the line selected.</source>
        <translation>Alt+L 或 Insert 添加该行；Delete 删除所选行。</translation>
    </message>
    <message>
        <source>Add the line typed to the package</source>
        <translation>把填写的行加入套餐</translation>
    </message>
    <message>
        <source>Remove the package line selected</source>
        <translation>删除所选的套餐行</translation>
    </message>
    <message>
        <source>No part has the number or barcode {code}</source>
        <translation>没有编号或条码为 {code} 的配件</translation>
    </message>
    <message>
        <source>Describe the line or give a part number</source>
        <translation>请填写说明或配件编号</translation>
    </message>
    <message>
        <source>{text} is not a number (0 or more)</source>
        <translation>{text} 不是数字（0 或以上）</translation>
    </message>
</context>
<context>
    <name>PackagesFile</name>
    <message>
        <source>Package</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Make</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>发动机</translation>
    </message>
    <message>
        <source>Year from</source>
        <translation>起始年份</translation>
    </message>
    <message>
        <source>Year to</source>
        <translation>截止年份</translation>
    </message>
    <message>
        <source>Fuels</source>
        <translation>燃油类型</translation>
    </message>
    <message>
        <source>Every km</source>
        <translation>间隔公里数</translation>
    </message>
    <message>
        <source>Every months</source>
        <translation>间隔月数</translation>
    </message>
    <message>
        <source>Season from</source>
        <translation>季节开始</translation>
    </message>
    <message>
        <source>Season to</source>
        <translation>季节结束</translation>
    </message>
    <message>
        <source>Fixed price</source>
        <translation>固定价格</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Line kind</source>
        <translation>行类型</translation>
    </message>
    <message>
        <source>Line description</source>
        <translation>行说明</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>保养套餐</translation>
    </message>
    <message>
        <source>Dry run: nothing was written.</source>
        <translation>试运行：未写入任何内容。</translation>
    </message>
    <message>
        <source>Would create {count} package(s)</source>
        <translation>将新建 {count} 个套餐</translation>
    </message>
    <message>
        <source>Would change {count} package(s)</source>
        <translation>将修改 {count} 个套餐</translation>
    </message>
    <message>
        <source>Created {count} package(s)</source>
        <translation>已新建 {count} 个套餐</translation>
    </message>
    <message>
        <source>Changed {count} package(s)</source>
        <translation>已修改 {count} 个套餐</translation>
    </message>
    <message>
        <source>{count} package(s) unchanged</source>
        <translation>{count} 个套餐未更改</translation>
    </message>
</context>
<context>
    <name>PackagesPage</name>
    <message>
        <source>Labour</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Which cars</source>
        <translation>适用车辆</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Season</source>
        <translation>季节</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Qty / hours</source>
        <translation>数量 / 工时</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Any car</source>
        <translation>任何车辆</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} 公里</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation>{months} 个月</translation>
    </message>
    <message>
        <source>every {km} or {months}</source>
        <translation>每 {km}或 {months}</translation>
    </message>
    <message>
        <source>every {what}</source>
        <translation>每 {what}</translation>
    </message>
    <message>
        <source>Find a package</source>
        <translation>查找套餐</translation>
    </message>
    <message>
        <source>Show arch&amp;ived</source>
        <translation>显示已归档(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;New package…</source>
        <translation>新建套餐(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>归档(&amp;A)</translation>
    </message>
    <message>
        <source>Repair or&amp;ders</source>
        <translation>维修单(&amp;D)</translation>
    </message>
    <message>
        <source>Back to the repair orders</source>
        <translation>返回维修单</translation>
    </message>
    <message>
        <source>New maintenance package</source>
        <translation>新建保养套餐</translation>
    </message>
    <message>
        <source>sum of lines: {amount}</source>
        <translation>各行合计：{amount}</translation>
    </message>
    <message>
        <source>Rest&amp;ore</source>
        <translation>恢复(&amp;O)</translation>
    </message>
    <message>
        <source>Bring back the package {name}?</source>
        <translation>恢复套餐“{name}”吗？</translation>
    </message>
    <message>
        <source>Archive the package {name}? It is no longer offered or reminded; orders that had it keep its name.</source>
        <translation>归档套餐“{name}”吗？归档后不再推荐或提醒；用过它的维修单保留其名称。</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>套餐</translation>
    </message>
</context>
<context>
    <name>PartDialog</name>
    <message>
        <source>Part {sku}</source>
        <translation>配件 {sku}</translation>
    </message>
    <message>
        <source>New part</source>
        <translation>新建配件</translation>
    </message>
    <message>
        <source>Scan the box; several codes separated by commas</source>
        <translation>扫描包装盒；多个代码用逗号分隔</translation>
    </message>
    <message>
        <source>&amp;SKU</source>
        <translation>SKU(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Brand</source>
        <translation>品牌(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>类别(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>单位(&amp;U)</translation>
    </message>
    <message>
        <source>Barc&amp;odes</source>
        <translation>条码(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Retail price</source>
        <translation>零售价(&amp;R)</translation>
    </message>
    <message>
        <source>Avera&amp;ge cost</source>
        <translation>平均成本(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Trade price</source>
        <translation>批发价(&amp;T)</translation>
    </message>
    <message>
        <source>Ta&amp;x class</source>
        <translation>税类(&amp;X)</translation>
    </message>
    <message>
        <source>B&amp;in</source>
        <translation>货位(&amp;I)</translation>
    </message>
    <message>
        <source>Reorder &amp;at</source>
        <translation>再订货点(&amp;A)</translation>
    </message>
    <message>
        <source>Reorder &amp;quantity</source>
        <translation>再订货数量(&amp;Q)</translation>
    </message>
    <message>
        <source>Su&amp;pplier</source>
        <translation>供应商(&amp;P)</translation>
    </message>
    <message>
        <source>Set once; receipts move it as a moving average</source>
        <translation>只需设置一次；收货时按移动平均更新</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Charged as its own line with each one sold; refunded when the old unit comes back</source>
        <translation>每售出一件单独收取一行；旧件退回时退还</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Core d&amp;eposit</source>
        <translation>旧件押金(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Warranty months</source>
        <translation>保修月数(&amp;W)</translation>
    </message>
    <message>
        <source>Warranty k&amp;m</source>
        <translation>保修公里数(&amp;M)</translation>
    </message>
</context>
<context>
    <name>PartForms</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>PartsScreen</name>
    <message>
        <source>Active parts</source>
        <translation>在用配件</translation>
    </message>
    <message>
        <source>Low stock (at or below reorder point)</source>
        <translation>低库存（不高于再订货点）</translation>
    </message>
    <message>
        <source>Negative stock</source>
        <translation>负库存</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>All parts</source>
        <translation>所有配件</translation>
    </message>
    <message>
        <source>Scan a barcode, or type SKU, name or brand…</source>
        <translation>扫描条码，或输入 SKU、名称或品牌…</translation>
    </message>
    <message>
        <source>&amp;New part</source>
        <translation>新建配件(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Adjust stock</source>
        <translation>调整库存(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Labels…</source>
        <translation>标签(&amp;L)…</translation>
    </message>
    <message>
        <source>Stock-&amp;take…</source>
        <translation>库存盘点(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>更多(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Return to supplier…</source>
        <translation>退货给供应商(&amp;R)…</translation>
    </message>
    <message>
        <source>Change &amp;prices…</source>
        <translation>调整价格(&amp;P)…</translation>
    </message>
    <message>
        <source>Pricing and &amp;markup…</source>
        <translation>定价与加价(&amp;M)…</translation>
    </message>
    <message>
        <source>Invent&amp;ory insights…</source>
        <translation>库存分析(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import from a spreadsheet…</source>
        <translation>从电子表格导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Archi&amp;ve / bring back</source>
        <translation>归档 / 恢复(&amp;V)</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Select a part to see its stock movements.</source>
        <translation>选择配件以查看其库存变动。</translation>
    </message>
    <message>
        <source>New part</source>
        <translation>新建配件</translation>
    </message>
    <message>
        <source>No part matches</source>
        <translation>没有匹配的配件</translation>
    </message>
    <message>
        <source>Check the code, or add the part with New part (Ctrl+N).</source>
        <translation>请检查编码，或用“新建配件”（Ctrl+N）添加该配件。</translation>
    </message>
    <message>
        <source>No parts here</source>
        <translation>这里没有配件</translation>
    </message>
    <message>
        <source>Add one with New part (Ctrl+N), or bring a price list in with More → Import from a spreadsheet…; other parts may be under another filter above.</source>
        <translation>用“新建配件”（Ctrl+N）添加，或通过“更多 → 从电子表格导入…”导入价目表；其他配件可能在上方的其他筛选条件下。</translation>
    </message>
    <message>
        <source>Found {sku} {name}</source>
        <translation>找到 {sku} {name}</translation>
    </message>
    <message>
        <source>&amp;Create a part with it</source>
        <translation>用它新建配件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Link it to a part…</source>
        <translation>关联到配件(&amp;L)…</translation>
    </message>
    <message>
        <source>Link barcode</source>
        <translation>关联条码</translation>
    </message>
    <message>
        <source>SKU of the part with {code}:</source>
        <translation>代码为 {code} 的配件的 SKU：</translation>
    </message>
    <message>
        <source>No part has the code {code}</source>
        <translation>没有配件使用代码 {code}</translation>
    </message>
    <message>
        <source>No such part; the code was not linked</source>
        <translation>没有此配件；代码未关联</translation>
    </message>
    <message>
        <source>Barcode not linked</source>
        <translation>条码未关联</translation>
    </message>
    <message>
        <source>No part selected.</source>
        <translation>未选择配件。</translation>
    </message>
    <message>
        <source>  ⚠ negative stock</source>
        <translation>  ⚠ 负库存</translation>
    </message>
    <message>
        <source>{sku} · {name} — {on_hand} {unit} on hand, {on_order} on order{flag}</source>
        <translation>{sku} · {name} — 现有 {on_hand} {unit}，在途 {on_order}{flag}</translation>
    </message>
    <message>
        <source>Stock at cost: {money}</source>
        <translation>库存成本：{money}</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Take payment – {name}</source>
        <translation>收款 – {name}</translation>
    </message>
    <message>
        <source>Take payment – {number}</source>
        <translation>收款 – {number}</translation>
    </message>
    <message>
        <source>{number}  ·  {date}  ·  {due} due</source>
        <translation>{number}  ·  {date}  ·  应付 {due}</translation>
    </message>
    <message>
        <source>All open &amp;invoices ({count})</source>
        <translation>全部未付发票(&amp;I)（{count}）</translation>
    </message>
    <message>
        <source>{label} ({money})</source>
        <translation>{label}（{money}）</translation>
    </message>
    <message>
        <source>Handed &amp;over</source>
        <translation>实收(&amp;O)</translation>
    </message>
    <message>
        <source>Still due after this</source>
        <translation>本次后仍欠</translation>
    </message>
    <message>
        <source>&amp;Split: pay the rest another way (Ctrl+Enter)</source>
        <translation>拆分(&amp;S)：其余用其他方式付 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Take &amp;payment</source>
        <translation>收款(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Add this amount as part of a split payment</source>
        <translation>把此金额作为拆分付款的一部分</translation>
    </message>
    <message>
        <source>Cas&amp;h</source>
        <translation>现金(&amp;H)</translation>
    </message>
    <message>
        <source>Car&amp;d</source>
        <translation>银行卡(&amp;D)</translation>
    </message>
    <message>
        <source>Bank &amp;transfer</source>
        <translation>银行转账(&amp;T)</translation>
    </message>
    <message>
        <source>Che&amp;que</source>
        <translation>支票(&amp;Q)</translation>
    </message>
    <message>
        <source>Store cr&amp;edit</source>
        <translation>店内余额(&amp;E)</translation>
    </message>
    <message>
        <source>&lt;b&gt;{customer_name}&lt;/b&gt;&lt;br&gt;Due: &lt;span style=&apos;font-size:16pt&apos;&gt;{money}&lt;/span&gt;</source>
        <translation>&lt;b&gt;{customer_name}&lt;/b&gt;&lt;br&gt;应收：&lt;span style=&apos;font-size:16pt&apos;&gt;{money}&lt;/span&gt;</translation>
    </message>
    <message>
        <source> ({count} invoices)</source>
        <translation>（{count} 张发票）</translation>
    </message>
    <message>
        <source>Split so far: {parts}</source>
        <translation>已拆分：{parts}</translation>
    </message>
    <message>
        <source>{value} is not an amount of money</source>
        <translation>{value} 不是有效金额</translation>
    </message>
    <message>
        <source>A part of a split is less than the {due} to pay; Enter takes the whole payment</source>
        <translation>拆分的一部分须少于应付的 {due}；按 Enter 收取全部款项</translation>
    </message>
    <message>
        <source>Take cash last, for the change: pick the other way first</source>
        <translation>现金最后收（便于找零）：请先选择其他方式</translation>
    </message>
    <message>
        <source>notes handed over (optional)</source>
        <translation>客户付的现金（可选）</translation>
    </message>
    <message>
        <source>card slip, cheque or transfer number</source>
        <translation>刷卡单、支票或转账号</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reference</source>
        <translation>参考号(&amp;R)</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>not enough handed over</source>
        <translation>付款不足</translation>
    </message>
</context>
<context>
    <name>PricingDialog</name>
    <message>
        <source>Pricing and markup</source>
        <translation>定价与加价</translation>
    </message>
    <message>
        <source>&amp;Reprice</source>
        <translation>重新定价(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Markup matrix</source>
        <translation>加价矩阵(&amp;M)</translation>
    </message>
    <message>
        <source>Price &amp;levels</source>
        <translation>价格等级(&amp;L)</translation>
    </message>
    <message>
        <source>Set by &amp;hand</source>
        <translation>手动设置(&amp;H)</translation>
    </message>
    <message>
        <source>Supplier &amp;catalogues</source>
        <translation>供应商目录(&amp;C)</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>COUNT SHEET</source>
        <translation>盘点表</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>货位</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>货位</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预计</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <source>Counted by: ____________________   Date: ____________</source>
        <translation>盘点人：____________________   日期：____________</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>Tax ID {tax_id}</source>
        <translation>税号 {tax_id}</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>{title} {number} (continued)</source>
        <translation>{title} {number}（续）</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Disc.</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Credits invoice</source>
        <translation>冲红发票</translation>
    </message>
    <message>
        <source>Customer tax ID</source>
        <translation>客户税号</translation>
    </message>
    <message>
        <source>Bill to</source>
        <translation>开票对象</translation>
    </message>
    <message>
        <source>Odometer {km}</source>
        <translation>里程 {km}</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Subtotal (incl. tax)</source>
        <translation>小计（含税）</translation>
    </message>
    <message>
        <source>Subtotal (excl. tax)</source>
        <translation>小计（不含税）</translation>
    </message>
    <message>
        <source>Discount {percent}</source>
        <translation>折扣 {percent}</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Tax {rate} on {net}</source>
        <translation>税 {rate}（基数 {net}）</translation>
    </message>
    <message>
        <source>Credit total</source>
        <translation>红字合计</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>已冲红</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>Payment terms: {days} days net, due {date}.</source>
        <translation>付款期限：{days} 天，到期日 {date}。</translation>
    </message>
    <message>
        <source>Payment due on receipt.</source>
        <translation>收到即付。</translation>
    </message>
    <message>
        <source>Received with thanks: {payments}.</source>
        <translation>已收款，谢谢：{payments}。</translation>
    </message>
    <message>
        <source>ESTIMATE</source>
        <translation>估价单</translation>
    </message>
    <message>
        <source>CREDIT NOTE</source>
        <translation>红字发票</translation>
    </message>
    <message>
        <source>INVOICE</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>VOID</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>DEMO SHOP</source>
        <translation>演示店铺</translation>
    </message>
    <message>
        <source>(draft)</source>
        <translation>（草稿）</translation>
    </message>
    <message>
        <source>A4 sheet, 3 x 8 labels of 70 x 37 mm</source>
        <translation>A4 标签纸，3 x 8 张 70 x 37 毫米标签</translation>
    </message>
    <message>
        <source>Label printer, 57 x 32 mm</source>
        <translation>标签打印机，57 x 32 毫米</translation>
    </message>
    <message>
        <source>Bin {bin}</source>
        <translation>货位 {bin}</translation>
    </message>
    <message>
        <source>Our account</source>
        <translation>我方账号</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>付款条件</translation>
    </message>
    <message>
        <source>PURCHASE ORDER</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Deliver to</source>
        <translation>送货地址</translation>
    </message>
    <message>
        <source>Our SKU</source>
        <translation>我方 SKU</translation>
    </message>
    <message>
        <source>Your no.</source>
        <translation>贵方编号</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>单位成本</translation>
    </message>
    <message>
        <source>Total (before tax)</source>
        <translation>合计（税前）</translation>
    </message>
    <message>
        <source>Please quote our order number on your delivery note and invoice.</source>
        <translation>请在送货单和发票上注明我方订单号。</translation>
    </message>
    <message>
        <source>DRAFT</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Work and parts</source>
        <translation>项目和配件</translation>
    </message>
    <message>
        <source>Qty / h</source>
        <translation>数量 / 工时</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Part no.</source>
        <translation>配件号</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>技师</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完工</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承诺交车</translation>
    </message>
    <message>
        <source>Inspection: {findings}.</source>
        <translation>检查：{findings}。</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>Estimate total</source>
        <translation>估价合计</translation>
    </message>
    <message>
        <source>Declined (not included)</source>
        <translation>已拒绝（未计入）</translation>
    </message>
    <message>
        <source>Your concerns: {concerns}</source>
        <translation>您描述的问题：{concerns}</translation>
    </message>
    <message>
        <source>I approve the work marked approved above and the estimate total. Signature: ________________  Date: __________</source>
        <translation>本人同意上述标记为已批准的项目及估价合计。签名：________________  日期：__________</translation>
    </message>
    <message>
        <source>Customer&apos;s concerns: {concerns}</source>
        <translation>客户描述的问题：{concerns}</translation>
    </message>
    <message>
        <source>JOB CARD</source>
        <translation>派维修单</translation>
    </message>
    <message>
        <source>Labour hours sold</source>
        <translation>已售工时</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation>里程</translation>
    </message>
    <message>
        <source>Work done</source>
        <translation>已完成项目</translation>
    </message>
    <message>
        <source>Parts fitted</source>
        <translation>已装配件</translation>
    </message>
    <message>
        <source>{service} by {date} or {km} km</source>
        <translation>{service}：{date} 前或 {km} 公里</translation>
    </message>
    <message>
        <source>{service} by {date}</source>
        <translation>{service}：{date} 前</translation>
    </message>
    <message>
        <source>Recommended (declined earlier): {work}.</source>
        <translation>建议项目（之前已拒绝）：{work}。</translation>
    </message>
    <message>
        <source>Next services: {services}.</source>
        <translation>下次保养：{services}。</translation>
    </message>
    <message>
        <source>SERVICE HISTORY</source>
        <translation>维修历史</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印日期</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>车主</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Invoice</source>
        <extracomment>the words of each kind of entry (``StatementLine.kind``), in the documents&apos; language</extracomment>
        <translation>发票</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>红字发票</translation>
    </message>
    <message>
        <source>Payment ({method})</source>
        <translation>付款（{method}）</translation>
    </message>
    <message>
        <source>Refund ({method})</source>
        <translation>退款（{method}）</translation>
    </message>
    <message>
        <source>Balance brought forward</source>
        <translation>上期结余</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>Balance due</source>
        <translation>应付余额</translation>
    </message>
    <message>
        <source>STATEMENT</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Please pay the balance due by its due dates. Thank you for your business.</source>
        <translation>请在到期日前支付应付余额。感谢您的惠顾。</translation>
    </message>
    <message>
        <source>Revenue by kind</source>
        <extracomment>Bar colours: this month, previous month, last year (and the split&apos;s kinds).</extracomment>
        <translation>按类别的营业额</translation>
    </message>
    <message>
        <source>Revenue by day, {month}</source>
        <translation>每日营业额，{month}</translation>
    </message>
    <message>
        <source>Technicians&apos; hours, {month}</source>
        <translation>技师工时，{month}</translation>
    </message>
    <message>
        <source>Hours sold</source>
        <translation>已售工时</translation>
    </message>
    <message>
        <source>Hours clocked</source>
        <translation>打卡工时</translation>
    </message>
    <message>
        <source>Nothing this month</source>
        <translation>本月无数据</translation>
    </message>
    <message>
        <source>MONTHLY REPORT</source>
        <translation>月度报表</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation>上个月</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年同月</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>生成日期</translation>
    </message>
    <message>
        <source>Customer grades today — {grades}.</source>
        <translation>当前客户等级 — {grades}。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Workshop</source>
        <translation>车间</translation>
    </message>
    <message>
        <source>Stock and receivables</source>
        <translation>库存与应收</translation>
    </message>
    <message>
        <source>Customer care</source>
        <translation>客户关怀</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation>{months} 个月</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} 公里</translation>
    </message>
    <message>
        <source>Warranty from {date} at {km} km, whichever limit comes first:</source>
        <translation>保修自 {date}（里程 {km} 公里）起，以先到者为准：</translation>
    </message>
    <message>
        <source>Warranty from {date}, whichever limit comes first:</source>
        <translation>保修自 {date} 起，以先到者为准：</translation>
    </message>
    <message>
        <source>{items} and {count} more</source>
        <translation>{items} 及另外 {count} 项</translation>
    </message>
</context>
<context>
    <name>PurchasingScreen</name>
    <message>
        <source>&amp;New order…</source>
        <translation>新建订单(&amp;N)…</translation>
    </message>
    <message>
        <source>No purchase orders here</source>
        <translation>这里没有采购单</translation>
    </message>
    <message>
        <source>Start one with New order…, or let the Reorder suggestions tab draft them.</source>
        <translation>用“新建采购单…”开始，或在“补货建议”选项卡中自动生成草稿。</translation>
    </message>
    <message>
        <source>Purchase orders</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>Purchase &amp;orders</source>
        <translation>采购单(&amp;O)</translation>
    </message>
    <message>
        <source>Open / re&amp;ceive</source>
        <translation>打开 / 收货(&amp;C)</translation>
    </message>
    <message>
        <source>R&amp;efresh</source>
        <translation>刷新(&amp;E)</translation>
    </message>
    <message>
        <source>Create dr&amp;aft orders</source>
        <translation>生成采购草稿(&amp;A)</translation>
    </message>
    <message>
        <source>One draft per supplier for the selected lines (all lines if none is selected)</source>
        <translation>为所选行按供应商各生成一张草稿（未选择时为所有行）</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <source>On order</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Reorder at</source>
        <translation>再订货点</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Nothing to reorder</source>
        <translation>没有需要补货的配件</translation>
    </message>
    <message>
        <source>Parts at or below their reorder point (set on each part) are suggested here.</source>
        <translation>库存达到或低于再订货点（在每个配件上设置）的配件会在这里建议补货。</translation>
    </message>
    <message>
        <source>Reorder suggestions</source>
        <translation>补货建议</translation>
    </message>
    <message>
        <source>&amp;Reorder suggestions</source>
        <translation>补货建议(&amp;R)</translation>
    </message>
    <message>
        <source>New &amp;supplier…</source>
        <translation>新建供应商(&amp;S)…</translation>
    </message>
    <message>
        <source>No suppliers yet</source>
        <translation>还没有供应商</translation>
    </message>
    <message>
        <source>Add the shops you buy from with New supplier…</source>
        <translation>用“新建供应商…”添加您进货的商家。</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>S&amp;uppliers</source>
        <translation>供应商(&amp;U)</translation>
    </message>
    <message>
        <source>Add a supplier first (Suppliers tab)</source>
        <translation>请先添加供应商（“供应商”选项卡）</translation>
    </message>
    <message>
        <source>New purchase order</source>
        <translation>新建采购单</translation>
    </message>
    <message>
        <source>Supplier:</source>
        <translation>供应商：</translation>
    </message>
    <message>
        <source>{count} part(s) at or below their reorder point, net of what is on order.</source>
        <translation>扣除在途数量后，有 {count} 个配件处于或低于再订货点。</translation>
    </message>
    <message>
        <source>Nothing to reorder: every part is above its reorder point or already on order.</source>
        <translation>无需补货：所有配件都高于再订货点或已在订购中。</translation>
    </message>
</context>
<context>
    <name>Records</name>
    <message>
        <source>appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>record</source>
        <extracomment>Initialised by :func:`shopdesk.db.open` with a SQLite or PostgreSQL database. What a save strips from text: C0 and C1 control characters (a NUL, which PostgreSQL refuses; terminal escapes) except tab and line breaks, DEL, and the invisible marks and overrides that turn text around (U+202E &quot;right-to-left override&quot; and friends). Shown in the conflict message, e.g. &quot;customer&quot; (marked in the &quot;Records&quot; context).</extracomment>
        <translation>记录</translation>
    </message>
    <message>
        <source>complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>grading rules</source>
        <translation>客户等级规则</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>draft invoice line</source>
        <translation>草稿发票行</translation>
    </message>
    <message>
        <source>maintenance package</source>
        <translation>保养套餐</translation>
    </message>
    <message>
        <source>supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>purchase order</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>pricing settings</source>
        <extracomment>Levels whose prices live on the part itself.</extracomment>
        <translation>定价设置</translation>
    </message>
    <message>
        <source>workshop options</source>
        <extracomment>Statuses in which the car is in the shop and parts on the order are spoken for.</extracomment>
        <translation>车间选项</translation>
    </message>
    <message>
        <source>repair order</source>
        <extracomment>a service overdue by more months than this is folded in reminders (schema 20)</extracomment>
        <translation>维修单</translation>
    </message>
    <message>
        <source>repair-order line</source>
        <translation>维修单行</translation>
    </message>
    <message>
        <source>shop settings</source>
        <translation>店铺设置</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>vehicle</source>
        <translation>车辆</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>overdue</source>
        <extracomment>The statuses of the list as a person reads them (context &quot;Reminders&quot;); a long-overdue service reads &quot;not seen since {date}&quot; (the car&apos;s last visit).</extracomment>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>this month</source>
        <translation>本月到期</translation>
    </message>
    <message>
        <source>next month</source>
        <translation>下月到期</translation>
    </message>
    <message>
        <source>later</source>
        <translation>以后</translation>
    </message>
    <message>
        <source>not seen since {date}</source>
        <translation>自 {date} 起未到店</translation>
    </message>
    <message>
        <source>long overdue</source>
        <translation>逾期已久</translation>
    </message>
</context>
<context>
    <name>RemindersTab</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>保养项目</translation>
    </message>
    <message>
        <source>Also recommended</source>
        <translation>其他建议</translation>
    </message>
    <message>
        <source>Reminded</source>
        <translation>已提醒</translation>
    </message>
    <message>
        <source>&amp;Load list (F5)</source>
        <translation>加载列表(&amp;L) (F5)</translation>
    </message>
    <message>
        <source>Mark &amp;sent</source>
        <translation>标记为已发送(&amp;S)</translation>
    </message>
    <message>
        <source>B&amp;ook from reminder</source>
        <translation>按提醒预约(&amp;O)</translation>
    </message>
    <message>
        <source>D&amp;ue by</source>
        <translation>截止日期(&amp;U)</translation>
    </message>
    <message>
        <source>Find name, phone or plate</source>
        <translation>查找姓名、电话或车牌</translation>
    </message>
    <message>
        <source>Narrows the list to a customer (a few letters of the name, the phone&apos;s last digits, part of the plate); Enter books the row shown first</source>
        <translation>把列表缩小到一位客户（姓名的几个字、电话尾号或部分车牌）；回车为显示的第一行预约</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>L&amp;etters…</source>
        <translation>信件(&amp;E)…</translation>
    </message>
    <message>
        <source>Press Load list to see the services due.</source>
        <translation>点击“加载列表”查看到期的保养项目。</translation>
    </message>
    <message>
        <source>Load the services due</source>
        <translation>加载到期保养项目</translation>
    </message>
    <message>
        <source>Export the reminders (Excel or CSV)</source>
        <translation>导出提醒（Excel 或 CSV）</translation>
    </message>
    <message>
        <source>Finding services due</source>
        <translation>正在查找到期保养</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>this month</source>
        <translation>本月到期</translation>
    </message>
    <message>
        <source>next month</source>
        <translation>下月到期</translation>
    </message>
    <message>
        <source>later</source>
        <translation>以后</translation>
    </message>
    <message>
        <source>not seen since {date}</source>
        <translation>自 {date} 起未到店</translation>
    </message>
    <message>
        <source>long overdue</source>
        <translation>逾期已久</translation>
    </message>
    <message>
        <source>{count:,} services due ({overdue:,} overdue) for {count2:,} customers</source>
        <translation>{count2:,} 位客户有 {count:,} 项保养到期（{overdue:,} 项已逾期）</translation>
    </message>
    <message>
        <source>{count:,} services due for this search</source>
        <translation>本次查找有 {count:,} 项到期保养</translation>
    </message>
    <message>
        <source>{count:,} shown</source>
        <translation>显示 {count:,} 项</translation>
    </message>
    <message>
        <source>Wrote {count:,} reminders to {written}</source>
        <translation>已将 {count:,} 条提醒写入 {written}</translation>
    </message>
    <message>
        <source>Wrote {count:,} letters to {folder}</source>
        <translation>已将 {count:,} 封信写入 {folder}</translation>
    </message>
    <message>
        <source>Export reminders</source>
        <translation>导出提醒</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Folder for the reminder letters</source>
        <translation>提醒信的保存文件夹</translation>
    </message>
</context>
<context>
    <name>RepairOrdersScreen</name>
    <message>
        <source>Order number, plate or customer</source>
        <extracomment>what the list shows: a change to any of it refreshes the list (when it next shows)</extracomment>
        <translation>单号、车牌或客户</translation>
    </message>
    <message>
        <source>Repair orders</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>&amp;Packages</source>
        <translation>套餐(&amp;P)</translation>
    </message>
    <message>
        <source>The shop&apos;s maintenance packages</source>
        <translation>本店的保养套餐</translation>
    </message>
    <message>
        <source>No order matches</source>
        <translation>没有匹配的维修单</translation>
    </message>
    <message>
        <source>Try an order number, a plate or the customer&apos;s name.</source>
        <translation>试试单号、车牌或客户姓名。</translation>
    </message>
    <message>
        <source>No repair orders here</source>
        <translation>这里没有维修单</translation>
    </message>
    <message>
        <source>Check a car in at the front desk (Ctrl+I, or Ctrl+N for a walk-in) to open one; other statuses are in the list above.</source>
        <translation>在前台接车（Ctrl+I，直接到店按 Ctrl+N）即可开单；其他状态的维修单在上方列表中选择。</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>No vehicle (counter sales)</source>
        <extracomment>Line kinds as the report splits revenue.</extracomment>
        <translation>无车辆（柜台销售）</translation>
    </message>
    <message>
        <source>Cash customer / no city</source>
        <translation>散客 / 无城市</translation>
    </message>
    <message>
        <source>Adding up {month}…</source>
        <translation>正在统计 {month}…</translation>
    </message>
    <message>
        <source>Stock and top lists…</source>
        <translation>库存与排行…</translation>
    </message>
    <message>
        <source>Revenue by vehicle make</source>
        <translation>按车辆品牌的营业额</translation>
    </message>
    <message>
        <source>Revenue by city</source>
        <translation>按城市的营业额</translation>
    </message>
    <message>
        <source>Revenue is net of tax and discounts; credit notes reduce the month they are issued in.</source>
        <translation>营业额为扣除税费和折扣后的金额；红字发票冲减其开具当月。</translation>
    </message>
    <message>
        <source>Tax charged: the tax printed on the month&apos;s invoices, less that on its credit notes.</source>
        <translation>税额：本月发票上开具的税额，减去红字发票上的税额。</translation>
    </message>
    <message>
        <source>Parts cost: the stock ledger&apos;s cost of parts sold on invoices; parts used on repair orders at the cost noted on the invoice line.</source>
        <translation>配件成本：库存台账中随发票售出配件的成本；维修单领用的配件按发票行记录的成本计。</translation>
    </message>
    <message>
        <source>Stock value: today&apos;s valuation (on hand at average cost) less what the stock ledger moved since the month ended.</source>
        <translation>库存价值：今天的估值（现有库存按平均成本）减去月末以来库存台账的变动。</translation>
    </message>
    <message>
        <source>Customer grades are today&apos;s (no grade history is kept).</source>
        <translation>客户等级为当前等级（不保留等级历史）。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完工</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>营业额</translation>
    </message>
    <message>
        <source>Labour</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Sublet</source>
        <translation>外包</translation>
    </message>
    <message>
        <source>Tax charged</source>
        <translation>税额</translation>
    </message>
    <message>
        <source>Parts at cost</source>
        <translation>配件成本</translation>
    </message>
    <message>
        <source>Gross profit</source>
        <translation>毛利</translation>
    </message>
    <message>
        <source>Gross margin</source>
        <translation>毛利率</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Credit notes</source>
        <translation>红字发票</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>已冲红</translation>
    </message>
    <message>
        <source>Average ticket</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>Cars</source>
        <translation>车辆数</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Returning customers</source>
        <translation>回头客</translation>
    </message>
    <message>
        <source>Hours sold</source>
        <translation>已售工时</translation>
    </message>
    <message>
        <source>Hours clocked</source>
        <translation>打卡工时</translation>
    </message>
    <message>
        <source>Comebacks</source>
        <translation>返修</translation>
    </message>
    <message>
        <source>Warranty cost of comebacks</source>
        <translation>返修保修成本</translation>
    </message>
    <message>
        <source>Stock value</source>
        <translation>库存价值</translation>
    </message>
    <message>
        <source>Owed by customers</source>
        <translation>客户欠款</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Complaints opened</source>
        <translation>新增投诉</translation>
    </message>
    <message>
        <source>Complaints resolved</source>
        <translation>已解决投诉</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <source>Net promoter score</source>
        <translation>净推荐值</translation>
    </message>
    <message>
        <source>Reminders sent</source>
        <translation>已发提醒</translation>
    </message>
    <message>
        <source>Reminders converted</source>
        <translation>提醒转化</translation>
    </message>
    <message>
        <source>Lapsed customers</source>
        <translation>流失客户</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation>上个月</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年同月</translation>
    </message>
    <message>
        <source>Revenue and gross profit</source>
        <translation>营业额与毛利</translation>
    </message>
    <message>
        <source>Hours sold vs clocked by technician</source>
        <translation>按技师的已售工时与打卡工时</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Clocked</source>
        <translation>打卡</translation>
    </message>
    <message>
        <source>Efficiency</source>
        <translation>效率</translation>
    </message>
    <message>
        <source>Sold prev.</source>
        <translation>上月已售</translation>
    </message>
    <message>
        <source>Clocked prev.</source>
        <translation>上月打卡</translation>
    </message>
    <message>
        <source>Sold last year</source>
        <translation>去年已售</translation>
    </message>
    <message>
        <source>Clocked last year</source>
        <translation>去年打卡</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>技师</translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation>消费最多的客户</translation>
    </message>
    <message>
        <source>Top parts</source>
        <translation>销量最多的配件</translation>
    </message>
    <message>
        <source>By make</source>
        <translation>按品牌</translation>
    </message>
    <message>
        <source>By city</source>
        <translation>按城市</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation>应收账款</translation>
    </message>
    <message>
        <source>Slow movers</source>
        <translation>滞销配件</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Comebacks by technician</source>
        <translation>返修（按技师）</translation>
    </message>
    <message>
        <source>Comebacks by part</source>
        <translation>返修（按配件）</translation>
    </message>
    <message>
        <source>Monthly report {month}</source>
        <translation>月度报表 {month}</translation>
    </message>
    <message>
        <source>Change %</source>
        <translation>变化 %</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Customer grades today</source>
        <translation>今日客户等级</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Revenue by day, {month}</source>
        <translation>每日营业额，{month}</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Top customers this month</source>
        <translation>本月消费最多的客户</translation>
    </message>
    <message>
        <source>Hours sold vs clocked, this month</source>
        <translation>本月售出工时与打卡工时</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Revenue by day</source>
        <translation>每日营业额</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>1–30 days</source>
        <translation>1–30 天</translation>
    </message>
    <message>
        <source>31–60 days</source>
        <translation>31–60 天</translation>
    </message>
    <message>
        <source>61–90 days</source>
        <translation>61–90 天</translation>
    </message>
    <message>
        <source>Over 90 days</source>
        <translation>90 天以上</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Receivables aging at month end</source>
        <translation>月末应收账款账龄</translation>
    </message>
    <message>
        <source>Slow movers: in stock, nothing sold this month</source>
        <translation>滞销配件：有库存但本月无销售</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Quality of work</source>
        <translation>施工质量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Satisfaction (average of 1–5)</source>
        <translation>满意度（1–5 分平均）</translation>
    </message>
    <message>
        <source>Comebacks by technician (the original job&apos;s)</source>
        <translation>按技师的返修（原始施工的技师）</translation>
    </message>
    <message>
        <source>Warranty cost</source>
        <translation>保修成本</translation>
    </message>
    <message>
        <source>Price forgone</source>
        <translation>放弃的收入</translation>
    </message>
    <message>
        <source>Comebacks prev.</source>
        <translation>上月返修</translation>
    </message>
    <message>
        <source>Comebacks last year</source>
        <translation>去年返修</translation>
    </message>
    <message>
        <source>Comebacks by part and supplier</source>
        <translation>按配件和供应商的返修</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Parts cost</source>
        <translation>配件成本</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>{change} pts</source>
        <translation>{change} 个百分点</translation>
    </message>
</context>
<context>
    <name>RepriceDialog</name>
    <message>
        <source>Change prices</source>
        <translation>调整价格</translation>
    </message>
    <message>
        <source>Any brand</source>
        <translation>任意品牌</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>任意类别</translation>
    </message>
    <message>
        <source>e.g. 5 to raise 5%, -3 to lower 3%</source>
        <translation>例如 5 表示上调 5%，-3 表示下调 3%</translation>
    </message>
    <message>
        <source>Retail price</source>
        <translation>零售价</translation>
    </message>
    <message>
        <source>Trade price</source>
        <translation>批发价</translation>
    </message>
    <message>
        <source>Retail and trade</source>
        <translation>零售和批发</translation>
    </message>
    <message>
        <source>&amp;Brand</source>
        <translation>品牌(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>类别(&amp;C)</translation>
    </message>
    <message>
        <source>Change by (&amp;%)</source>
        <translation>调整幅度 (&amp;%)</translation>
    </message>
    <message>
        <source>&amp;Prices</source>
        <translation>价格(&amp;P)</translation>
    </message>
    <message>
        <source>{changed} part(s) repriced</source>
        <translation>已重新定价 {changed} 个配件</translation>
    </message>
</context>
<context>
    <name>RepriceTab</name>
    <message>
        <source>Every category</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <source>Every brand</source>
        <translation>所有品牌</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>类别(&amp;G)：</translation>
    </message>
    <message>
        <source>Bra&amp;nd:</source>
        <translation>品牌(&amp;N)：</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Old price</source>
        <translation>原价格</translation>
    </message>
    <message>
        <source>New price</source>
        <translation>新价格</translation>
    </message>
    <message>
        <source>Old margin</source>
        <translation>原毛利率</translation>
    </message>
    <message>
        <source>New margin</source>
        <translation>新毛利率</translation>
    </message>
    <message>
        <source>Choose the parts to reprice, then Preview. Nothing changes until you Apply.</source>
        <translation>选择要重新定价的配件，然后点击“预览”。点击“应用”前不会有任何更改。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Apply new prices</source>
        <translation>应用新价格(&amp;A)</translation>
    </message>
    <message>
        <source>Working out new prices…</source>
        <translation>正在计算新价格…</translation>
    </message>
    <message>
        <source>{changes} price(s) would change in {parts} part(s); {manual} price(s) set by hand are kept; {unpriced} part(s) have no cost to mark up.</source>
        <translation>{parts} 个配件中将有 {changes} 个价格变化；保留 {manual} 个手动设置的价格；{unpriced} 个配件没有成本，无法加价。</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>无预览</translation>
    </message>
    <message>
        <source>Prices not changed</source>
        <translation>价格未更改</translation>
    </message>
    <message>
        <source>{count} price(s) changed.</source>
        <translation>已更改 {count} 个价格。</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Resolve: {subject}</source>
        <translation>解决：{subject}</translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation>解决(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;What was done</source>
        <translation>处理结果(&amp;W)</translation>
    </message>
    <message>
        <source>not asked</source>
        <translation>未询问</translation>
    </message>
    <message>
        <source>5 delighted</source>
        <translation>5 非常满意</translation>
    </message>
    <message>
        <source>4 satisfied</source>
        <translation>4 满意</translation>
    </message>
    <message>
        <source>3 neutral</source>
        <translation>3 一般</translation>
    </message>
    <message>
        <source>2 unhappy</source>
        <translation>2 不满意</translation>
    </message>
    <message>
        <source>1 very unhappy</source>
        <translation>1 很不满意</translation>
    </message>
    <message>
        <source>&amp;Customer satisfaction</source>
        <translation>客户满意度(&amp;C)</translation>
    </message>
</context>
<context>
    <name>RetryButton</name>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Save again: another PC was busy writing</source>
        <translation>再次保存：另一台电脑刚才正在写入</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return {sku} to supplier</source>
        <translation>将 {sku} 退给供应商</translation>
    </message>
    <message>
        <source>{name}: {quantity} {unit} on hand</source>
        <translation>{name}：现有 {quantity} {unit}</translation>
    </message>
    <message>
        <source>Faulty</source>
        <translation>有故障</translation>
    </message>
    <message>
        <source>Wrong part delivered</source>
        <translation>送错配件</translation>
    </message>
    <message>
        <source>Ordered by mistake</source>
        <translation>误订</translation>
    </message>
    <message>
        <source>Supplier&apos;s return (RMA) number</source>
        <translation>供应商退货授权 (RMA) 号</translation>
    </message>
    <message>
        <source>&amp;Supplier</source>
        <translation>供应商(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>R&amp;eference</source>
        <translation>参考号(&amp;E)</translation>
    </message>
    <message>
        <source>Choose the supplier the parts go back to</source>
        <translation>请选择退回配件的供应商</translation>
    </message>
</context>
<context>
    <name>RowsExport</name>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Save this list to an Excel file (Ctrl+E)</source>
        <translation>将此列表保存为 Excel 文件 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Export the list to Excel</source>
        <translation>将列表导出到 Excel</translation>
    </message>
    <message>
        <source>Export {title}</source>
        <translation>导出{title}</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>{count} rows written to {path}</source>
        <translation>已将 {count} 行写入 {path}</translation>
    </message>
</context>
<context>
    <name>SchemaCheck</name>
    <message>
        <source>missing table {name}</source>
        <extracomment>What a difference says, by kind (``{name}``: the table, index or trigger; ``{table}``).</extracomment>
        <translation>缺少表 {name}</translation>
    </message>
    <message>
        <source>unexpected table {name}</source>
        <translation>多出的表 {name}</translation>
    </message>
    <message>
        <source>missing column {name} of table {table}</source>
        <translation>表 {table} 缺少列 {name}</translation>
    </message>
    <message>
        <source>unexpected column {name} in table {table}</source>
        <translation>表 {table} 中多出的列 {name}</translation>
    </message>
    <message>
        <source>missing index {name} on table {table}</source>
        <translation>表 {table} 缺少索引 {name}</translation>
    </message>
    <message>
        <source>unexpected index {name} on table {table}</source>
        <translation>表 {table} 上多出的索引 {name}</translation>
    </message>
    <message>
        <source>missing trigger {name} on table {table}</source>
        <translation>表 {table} 缺少触发器 {name}</translation>
    </message>
    <message>
        <source>unexpected trigger {name} on table {table}</source>
        <translation>表 {table} 上多出的触发器 {name}</translation>
    </message>
    <message>
        <source>trigger {name} on table {table} was changed</source>
        <translation>表 {table} 上的触发器 {name} 已被更改</translation>
    </message>
    <message>
        <source>trigger {name} on table {table} is disabled</source>
        <translation>表 {table} 上的触发器 {name} 已被停用</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Front desk</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Nothing waiting at the desk</source>
        <translation>前台暂无待办</translation>
    </message>
    <message>
        <source>Today&apos;s appointments, open repair orders and follow-ups gather here.</source>
        <translation>今日预约、未完成的维修单和待跟进事项都显示在这里。</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>还没有客户</translation>
    </message>
    <message>
        <source>Check a customer in to start their file.</source>
        <translation>为客户办理接车即可建立客户档案。</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>No vehicles yet</source>
        <translation>还没有车辆</translation>
    </message>
    <message>
        <source>Vehicles are added with their owner at check-in.</source>
        <translation>车辆在接车时与车主一起添加。</translation>
    </message>
    <message>
        <source>Repair orders</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>No repair orders yet</source>
        <translation>还没有维修单</translation>
    </message>
    <message>
        <source>Check a car in at the front desk to open one.</source>
        <translation>在前台接车即可开立维修单。</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>No parts yet</source>
        <translation>还没有配件</translation>
    </message>
    <message>
        <source>Add parts or receive a purchase order to fill the catalogue.</source>
        <translation>添加配件或对采购单收货即可充实配件目录。</translation>
    </message>
    <message>
        <source>Purchasing</source>
        <translation>采购</translation>
    </message>
    <message>
        <source>No purchase orders yet</source>
        <translation>还没有采购单</translation>
    </message>
    <message>
        <source>Reorder suggestions turn into purchase orders here.</source>
        <translation>补货建议会在这里转为采购单。</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>No invoices yet</source>
        <translation>还没有发票</translation>
    </message>
    <message>
        <source>Finished repair orders and counter sales become invoices here.</source>
        <translation>完工的维修单和柜台销售会在这里生成发票。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>No reports yet</source>
        <translation>还没有报表</translation>
    </message>
    <message>
        <source>The owner&apos;s monthly reports are not part of this version yet.</source>
        <translation>此版本尚未包含店主月度报表。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>VIN {key}</source>
        <translation>车架号 {key}</translation>
    </message>
    <message>
        <source>e-mail {key}</source>
        <translation>电子邮件 {key}</translation>
    </message>
    <message>
        <source>company {key}</source>
        <translation>公司 {key}</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>SetPriceDialog</name>
    <message>
        <source>Set a price by hand</source>
        <translation>手动设置价格</translation>
    </message>
    <message>
        <source>SKU or barcode</source>
        <translation>SKU 或条码</translation>
    </message>
    <message>
        <source>&amp;Part:</source>
        <translation>配件(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>等级(&amp;L)：</translation>
    </message>
    <message>
        <source>P&amp;rice:</source>
        <translation>价格(&amp;R)：</translation>
    </message>
    <message>
        <source>No part has this SKU or barcode</source>
        <translation>没有此 SKU 或条码的配件</translation>
    </message>
    <message>
        <source>No part has the SKU or barcode {code}</source>
        <translation>没有 SKU 或条码为 {code} 的配件</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>System (this PC&apos;s language)</source>
        <extracomment>each language named in itself, so anyone can find their own</extracomment>
        <translation>系统（本机语言）</translation>
    </message>
    <message>
        <source>A new language shows after ShopDesk is restarted.</source>
        <translation>新语言将在重新启动 ShopDesk 后生效。</translation>
    </message>
    <message>
        <source>Same as the screen</source>
        <translation>与界面相同</translation>
    </message>
    <message>
        <source>A4 (210 × 297 mm)</source>
        <translation>A4 (210 × 297 毫米)</translation>
    </message>
    <message>
        <source>Letter (8.5 × 11 in)</source>
        <translation>Letter (8.5 × 11 英寸)</translation>
    </message>
    <message>
        <source>A larger discount needs the owner&apos;s password at the desk</source>
        <translation>更大的折扣需要店主在前台输入密码</translation>
    </message>
    <message>
        <source>Cler&amp;k&apos;s discount limit %</source>
        <translation>前台折扣上限 %(&amp;K)</translation>
    </message>
    <message>
        <source>Tec&amp;hnician&apos;s discount limit %</source>
        <translation>技师折扣上限 %(&amp;H)</translation>
    </message>
    <message>
        <source>Sees costs and mar&amp;gins</source>
        <translation>可查看成本和毛利(&amp;G)</translation>
    </message>
    <message>
        <source>Average costs, stock value and margins: the owner always sees them</source>
        <translation>平均成本、库存价值和毛利：店主总能看到</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Rate %</source>
        <translation>税率 %</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Sees costs</source>
        <translation>可看成本</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>登录状态</translation>
    </message>
    <message>
        <source>Un&amp;lock sign-in</source>
        <translation>解除登录锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Nobody: always ask</source>
        <translation>无：每次都询问</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Shop &amp;name *</source>
        <translation>店名(&amp;N) *</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>电子邮件(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Website</source>
        <translation>网站(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Tax ID</source>
        <translation>税号(&amp;T)</translation>
    </message>
    <message>
        <source>Invoicing</source>
        <translation>开票</translation>
    </message>
    <message>
        <source>&amp;Currency</source>
        <translation>货币(&amp;C)</translation>
    </message>
    <message>
        <source>Invoice &amp;prefix</source>
        <translation>发票前缀(&amp;P)</translation>
    </message>
    <message>
        <source>Prices &amp;include tax</source>
        <translation>价格含税(&amp;I)</translation>
    </message>
    <message>
        <source>Prices I type already include tax</source>
        <translation>我输入的价格已含税</translation>
    </message>
    <message>
        <source>Payment &amp;terms (days)</source>
        <translation>付款期限（天）(&amp;T)</translation>
    </message>
    <message>
        <source>Invoice &amp;footer</source>
        <translation>发票页脚(&amp;F)</translation>
    </message>
    <message>
        <source>Negative &amp;stock</source>
        <translation>负库存(&amp;S)</translation>
    </message>
    <message>
        <source>Allow selling parts the system shows as out of stock</source>
        <translation>允许销售系统显示为缺货的配件</translation>
    </message>
    <message>
        <source>Paper si&amp;ze</source>
        <translation>纸张大小(&amp;Z)</translation>
    </message>
    <message>
        <source>Used for invoices, estimates, statements, job cards and every other printed document</source>
        <translation>用于发票、估价单、对账单、派维修单及所有其他打印文档</translation>
    </message>
    <message>
        <source>&amp;Language of printed documents</source>
        <translation>打印单据的语言(&amp;L)</translation>
    </message>
    <message>
        <source>Invoices, estimates, statements, letters, reports and exports for the whole shop; the screen&apos;s language is chosen on each PC (This PC tab)</source>
        <translation>全店的发票、估价单、对账单、信函、报表和导出文件使用此语言；界面语言由每台电脑自行选择（“本机”选项卡）</translation>
    </message>
    <message>
        <source>Tax rates</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>代码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Rate %</source>
        <translation>税率 %(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Default</source>
        <translation>默认(&amp;D)</translation>
    </message>
    <message>
        <source>Use for new parts and lines</source>
        <translation>用于新配件和新项目</translation>
    </message>
    <message>
        <source>&amp;Save rate</source>
        <translation>保存税率(&amp;S)</translation>
    </message>
    <message>
        <source>Ne&amp;w rate</source>
        <translation>新建税率(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Archive rate</source>
        <translation>归档税率(&amp;A)</translation>
    </message>
    <message>
        <source>Ne&amp;w user</source>
        <translation>新建用户(&amp;W)</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>Full &amp;name</source>
        <translation>全名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>only to set a new password</source>
        <translation>仅在设置新密码时填写</translation>
    </message>
    <message>
        <source>&amp;Active</source>
        <translation>启用(&amp;A)</translation>
    </message>
    <message>
        <source>Can sign in</source>
        <translation>可以登录</translation>
    </message>
    <message>
        <source>&amp;Save user</source>
        <translation>保存用户(&amp;S)</translation>
    </message>
    <message>
        <source>This PC</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Sign in &amp;automatically as</source>
        <translation>自动登录为(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>&amp;Change settings…  (Ctrl+,)</source>
        <translation>更改设置(&amp;C)…  (Ctrl+,)</translation>
    </message>
    <message>
        <source> (default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>prices include tax</source>
        <translation>价格含税</translation>
    </message>
    <message>
        <source>prices exclude tax</source>
        <translation>价格不含税</translation>
    </message>
    <message>
        <source>&lt;h2&gt;{name}&lt;/h2&gt;&lt;p&gt;{address}&lt;br&gt;Phone {phone} · Email {email} · Tax ID {tax_id}&lt;/p&gt;&lt;h3&gt;Invoicing&lt;/h3&gt;&lt;p&gt;Currency {currency} · invoice numbers {prefix}-YEAR-NUMBER · {prices} · payment terms {days} days&lt;/p&gt;&lt;p&gt;Tax rates: {rates}&lt;/p&gt;&lt;h3&gt;Staff&lt;/h3&gt;&lt;p&gt;{staff}&lt;/p&gt;&lt;h3&gt;Data&lt;/h3&gt;&lt;p&gt;Database: {database}&lt;br&gt;Data folder: {data_dir}&lt;/p&gt;</source>
        <translation>&lt;h2&gt;{name}&lt;/h2&gt;&lt;p&gt;{address}&lt;br&gt;电话 {phone} · 电子邮件 {email} · 税号 {tax_id}&lt;/p&gt;&lt;h3&gt;开票&lt;/h3&gt;&lt;p&gt;货币 {currency} · 发票编号 {prefix}-年份-序号 · {prices} · 付款期限 {days} 天&lt;/p&gt;&lt;p&gt;税率：{rates}&lt;/p&gt;&lt;h3&gt;员工&lt;/h3&gt;&lt;p&gt;{staff}&lt;/p&gt;&lt;h3&gt;数据&lt;/h3&gt;&lt;p&gt;数据库：{database}&lt;br&gt;数据文件夹：{data_dir}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Your shop</source>
        <translation>您的店铺</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <source>Your shop</source>
        <translation>您的店铺</translation>
    </message>
    <message>
        <source>Printed at the top of every invoice and estimate. Only the name is required.</source>
        <translation>打印在每张发票和估价单的顶部。只有店名是必填的。</translation>
    </message>
    <message>
        <source>Street, town, postcode</source>
        <translation>街道、城镇、邮编</translation>
    </message>
    <message>
        <source>VAT, GST or tax number, if the shop has one</source>
        <translation>增值税号、GST 号或纳税人识别号（如有）</translation>
    </message>
    <message>
        <source>&amp;Shop name *</source>
        <translation>店名(&amp;S) *</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation>电子邮件(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Tax ID</source>
        <translation>税号(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Currency</source>
        <translation>货币(&amp;C)</translation>
    </message>
    <message>
        <source>Logo (optional)</source>
        <translation>标志（可选）</translation>
    </message>
    <message>
        <source>Enter the shop&apos;s name: it is printed on every invoice.</source>
        <translation>请输入店名：每张发票上都会打印。</translation>
    </message>
    <message>
        <source>{code} is not a currency code: choose one from the list (e.g. USD, EUR).</source>
        <translation>{code} 不是货币代码：请从列表中选择（例如 USD、EUR）。</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Counter sale</source>
        <translation>柜台销售</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Pick the customer</source>
        <translation>选择客户</translation>
    </message>
    <message>
        <source>Take payment (cash)</source>
        <translation>收款（现金）</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>删除所选行</translation>
    </message>
    <message>
        <source>Record a lost sale (what was just scanned or typed)</source>
        <translation>记录流失销售（刚扫描或输入的内容）</translation>
    </message>
    <message>
        <source>Take payment (a draft: issue it first)</source>
        <translation>收款（草稿先开具）</translation>
    </message>
    <message>
        <source>Issue the draft</source>
        <translation>开具草稿</translation>
    </message>
    <message>
        <source>Print the invoice</source>
        <translation>打印发票</translation>
    </message>
    <message>
        <source>Anywhere</source>
        <translation>任意位置</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} 或 {second}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Type to find a shortcut, e.g. payment</source>
        <translation>输入以查找快捷键，例如 收款</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>功能</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source>Statement – {name}</source>
        <translation>对账单 – {name}</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>至(&amp;T)</translation>
    </message>
    <message>
        <source>P&amp;rint… (Ctrl+P)</source>
        <translation>打印(&amp;R)… (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The period starts after it ends: pick a &apos;from&apos; date on or before the &apos;to&apos; date.</source>
        <translation>起始日期晚于结束日期：请选择不晚于结束日期的起始日期。</translation>
    </message>
    <message>
        <source>{start} – {end}</source>
        <translation>{start} – {end}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>StockTakeDialog</name>
    <message>
        <source>Stock-take</source>
        <translation>库存盘点</translation>
    </message>
    <message>
        <source>Bins starting with… (empty: all)</source>
        <translation>货位开头为…（留空：全部）</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <source>&amp;Start count</source>
        <translation>开始盘点(&amp;S)</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>货位</translation>
    </message>
    <message>
        <source>Scan a part to count one more (or type its SKU + Enter)</source>
        <translation>扫描配件计数加一（或输入 SKU 后按 Enter）</translation>
    </message>
    <message>
        <source>&amp;Print count sheet…</source>
        <translation>打印盘点表(&amp;P)…</translation>
    </message>
    <message>
        <source>E&amp;xport sheet…</source>
        <translation>导出表格(&amp;X)…</translation>
    </message>
    <message>
        <source>Choose what to count, then Start count.</source>
        <translation>选择要盘点的范围，然后点击“开始盘点”。</translation>
    </message>
    <message>
        <source>P&amp;ost adjustments</source>
        <translation>过账调整(&amp;O)</translation>
    </message>
    <message>
        <source>Ca&amp;ncel this count</source>
        <translation>取消本次盘点(&amp;N)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&amp;Continue {number}</source>
        <translation>继续 {number}(&amp;C)</translation>
    </message>
    <message>
        <source>Stock-take {number}</source>
        <translation>库存盘点 {number}</translation>
    </message>
    <message>
        <source>{counted} of {count} counted · {count2} difference(s)</source>
        <translation>已盘点 {counted}/{count} · {count2} 项差异</translation>
    </message>
    <message>
        <source>{counted} of {count} counted · {count2} difference(s) worth {money} at cost</source>
        <translation>已盘点 {counted}/{count} · {count2} 项差异，成本金额 {money}</translation>
    </message>
    <message>
        <source>Count sheet saved to {path}</source>
        <translation>盘点表已保存到 {path}</translation>
    </message>
    <message>
        <source>Export count sheet</source>
        <translation>导出盘点表</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Posted: {count} adjustment(s).</source>
        <translation>已过账：{count} 项调整。</translation>
    </message>
    <message>
        <source>Posted: {count} adjustment(s) worth {money}.</source>
        <translation>已过账：{count} 项调整，金额 {money}。</translation>
    </message>
    <message>
        <source>Cancelled: no stock was changed.</source>
        <translation>已取消：库存没有任何变动。</translation>
    </message>
</context>
<context>
    <name>SupplierDialog</name>
    <message>
        <source>New supplier</source>
        <translation>新建供应商</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Contact</source>
        <translation>联系人(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>电子邮件(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Account no.</source>
        <translation>账号(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Lead time (days)</source>
        <translation>交货期（天）(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Terms</source>
        <translation>付款条件(&amp;T)</translation>
    </message>
    <message>
        <source>Add&amp;ress</source>
        <translation>地址(&amp;R)</translation>
    </message>
</context>
<context>
    <name>SurveyDialog</name>
    <message>
        <source>Would &amp;recommend us</source>
        <translation>愿意推荐我们(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation>意见(&amp;C)</translation>
    </message>
</context>
<context>
    <name>SurveyStatsDialog</name>
    <message>
        <source>Survey statistics</source>
        <translation>满意度调查统计</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <source>NPS</source>
        <translation>NPS</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>{count} surveys · NPS {nps:+d} (promoters 9–10 less detractors 0–6, in % of answers)</source>
        <translation>{count} 份调查 · NPS {nps:+d}（推荐者 9–10 分减去贬损者 0–6 分，按答卷百分比）</translation>
    </message>
    <message>
        <source>No surveys in this period.</source>
        <translation>此期间没有满意度调查。</translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>Slate</source>
        <translation>石板灰</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>紫色</translation>
    </message>
    <message>
        <source>Amber</source>
        <translation>琥珀色</translation>
    </message>
    <message>
        <source>Teal</source>
        <translation>青色</translation>
    </message>
    <message>
        <source>new tag</source>
        <translation>新标签</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>New tag</source>
        <translation>新标签</translation>
    </message>
</context>
<context>
    <name>TakePayment</name>
    <message>
        <source>Your role does not take payments; ask a clerk or the owner.</source>
        <translation>你的角色不能收款；请找前台或店主。</translation>
    </message>
    <message>
        <source>Paid; {money} still due.</source>
        <translation>已付款；仍欠 {money}。</translation>
    </message>
    <message>
        <source>Paid in full.</source>
        <translation>已全额付清。</translation>
    </message>
    <message>
        <source>Give back {money} change.</source>
        <translation>找零 {money}。</translation>
    </message>
    <message>
        <source>{money} kept as store credit.</source>
        <translation>{money} 存为店内余额。</translation>
    </message>
</context>
<context>
    <name>TaxPage</name>
    <message>
        <source>Tax rates</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>The first rate is the default for new lines. Rates can be changed later in Settings; invoices already issued keep theirs.</source>
        <translation>第一个税率是新项目的默认税率。税率以后可在“设置”中更改；已开具的发票保持原税率。</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Zero rated</source>
        <translation>零税率</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Rate %</source>
        <translation>税率 %</translation>
    </message>
    <message>
        <source>Code, e.g. RED</source>
        <translation>代码，例如 RED</translation>
    </message>
    <message>
        <source>Name, e.g. Reduced</source>
        <translation>名称，例如 优惠税率</translation>
    </message>
    <message>
        <source>A&amp;dd rate</source>
        <translation>添加税率(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Remove selected</source>
        <translation>删除所选(&amp;R)</translation>
    </message>
    <message>
        <source>Prices I type already &amp;include tax</source>
        <translation>我输入的价格已含税(&amp;I)</translation>
    </message>
    <message>
        <source>Press Add rate (or clear the row) before going on.</source>
        <translation>请先点击“添加税率”（或清空该行）再继续。</translation>
    </message>
    <message>
        <source>Add at least one tax rate (0% if the shop charges none).</source>
        <translation>请至少添加一个税率（如不收税则为 0%）。</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>New &amp;owner</source>
        <translation>新车主(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
</context>
<context>
    <name>VehicleForm</name>
    <message>
        <source>Pl&amp;ate</source>
        <translation>车牌(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;VIN</source>
        <translation>车架号 VIN(&amp;V)</translation>
    </message>
    <message>
        <source>17 characters; scan or type</source>
        <translation>17 位；扫描或输入</translation>
    </message>
    <message>
        <source>Ma&amp;ke</source>
        <translation>品牌(&amp;K)</translation>
    </message>
    <message>
        <source>M&amp;odel</source>
        <translation>车型(&amp;O)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>发动机</translation>
    </message>
    <message>
        <source>F&amp;uel</source>
        <translation>燃油(&amp;U)</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>not read</source>
        <translation>未读取</translation>
    </message>
    <message>
        <source>O&amp;dometer</source>
        <translation>里程表(&amp;D)</translation>
    </message>
    <message>
        <source>{problem} — can be saved anyway</source>
        <translation>{problem} —— 仍可保存</translation>
    </message>
    <message>
        <source>Decoded: {what}</source>
        <translation>已识别：{what}</translation>
    </message>
</context>
<context>
    <name>VehicleHistoryDialog</name>
    <message>
        <source>History of {vehicle}</source>
        <translation>{vehicle} 的历史</translation>
    </message>
    <message>
        <source>&lt;b&gt;Odometer readings&lt;/b&gt;</source>
        <translation>&lt;b&gt;里程读数&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Km</source>
        <translation>公里</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Reason (lower reading)</source>
        <translation>原因（读数较低）</translation>
    </message>
    <message>
        <source>Check-in {number}</source>
        <translation>接车 {number}</translation>
    </message>
    <message>
        <source>Typed in</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <source>No readings yet: they are taken at check-in or with Odometer….</source>
        <translation>还没有读数：读数在接车时或通过“里程表…”记录。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Owners&lt;/b&gt;</source>
        <translation>&lt;b&gt;车主&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>车主</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
</context>
<context>
    <name>VehiclesScreen</name>
    <message>
        <source>Plate or VIN (any part; spaces and dashes ignored)</source>
        <translation>车牌或车架号（任意部分；忽略空格和短横线）</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>No vehicles yet: a car is added with its owner at check-in (Customers → New check-in, Ctrl+N) or on the owner&apos;s Vehicles tab.</source>
        <translation>还没有车辆：车辆在接车时与车主一起添加（客户 → 新建接车，Ctrl+N），或在车主的“车辆”选项卡中添加。</translation>
    </message>
    <message>
        <source>{rowCount:,} vehicles</source>
        <translation>{rowCount:,} 辆车</translation>
    </message>
    <message>
        <source>No vehicle matches “{text}”</source>
        <translation>没有与“{text}”匹配的车辆</translation>
    </message>
    <message>
        <source>Plates are found without spaces or dashes; a VIN by any part of it.</source>
        <translation>车牌不区分空格和横线；车架号输入任意一段即可。</translation>
    </message>
    <message>
        <source>No archived vehicles</source>
        <translation>没有已归档的车辆</translation>
    </message>
    <message>
        <source>Untick Archived to see the rest.</source>
        <translation>取消勾选“已归档”即可看到其他车辆。</translation>
    </message>
    <message>
        <source>No vehicles yet</source>
        <translation>还没有车辆</translation>
    </message>
    <message>
        <source>A car is added with its owner at check-in (Customers → New check-in, Ctrl+N) or on the owner&apos;s Vehicles tab.</source>
        <translation>车辆在接车时与车主一起添加（客户 → 新建接车，Ctrl+N），或在车主档案的“车辆”选项卡中添加。</translation>
    </message>
</context>
<context>
    <name>WarrantyDialog</name>
    <message>
        <source>Warranty terms</source>
        <translation>保修条款</translation>
    </message>
    <message>
        <source>Labour (work not from a package)</source>
        <translation>工时（非套餐项目）</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>&amp;Months</source>
        <translation>月数(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Km</source>
        <translation>公里数(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Cost of a warranty hour</source>
        <translation>保修工时成本(&amp;C)</translation>
    </message>
    <message>
        <source>Maintenance packages (blank: the labour terms)</source>
        <translation>保养套餐（留空：按工时条款）</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>套餐</translation>
    </message>
    <message>
        <source>Warranty</source>
        <translation>保修</translation>
    </message>
    <message>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <source>km</source>
        <translation>公里</translation>
    </message>
    <message>
        <source>Set for &amp;package</source>
        <translation>设为套餐条款(&amp;P)</translation>
    </message>
    <message>
        <source>Choose a package</source>
        <translation>选择套餐</translation>
    </message>
</context>
<context>
    <name>WarrantyOrderDialog</name>
    <message>
        <source>Warranty repair order</source>
        <translation>保修返修单</translation>
    </message>
    <message>
        <source>&amp;Open repair order</source>
        <translation>开维修单(&amp;O)</translation>
    </message>
    <message>
        <source>km on the dashboard</source>
        <translation>仪表盘显示的公里数</translation>
    </message>
    <message>
        <source>O&amp;dometer</source>
        <translation>里程表(&amp;D)</translation>
    </message>
    <message>
        <source>Co&amp;ncerns</source>
        <translation>问题描述(&amp;N)</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <source>Redo at no c&amp;harge</source>
        <translation>免费重做(&amp;H)</translation>
    </message>
    <message>
        <source>Comeback of {order}</source>
        <translation>{order} 的返修</translation>
    </message>
    <message>
        <source>Comeback of {order}, invoice {invoice} of {date}</source>
        <translation>{order} 的返修，发票 {invoice}（{date}）</translation>
    </message>
    <message>
        <source>no warranty was given on it</source>
        <translation>该项维修没有保修</translation>
    </message>
    <message>
        <source>&lt;b&gt;under warranty&lt;/b&gt;</source>
        <translation>&lt;b&gt;在保修期内&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;out of warranty&lt;/b&gt; (no charge is goodwill)</source>
        <translation>&lt;b&gt;已过保修期&lt;/b&gt;（免费即为善意处理）</translation>
    </message>
    <message>
        <source>last reading {km} km</source>
        <translation>上次里程 {km} 公里</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to ShopDesk</source>
        <translation>欢迎使用 ShopDesk</translation>
    </message>
    <message>
        <source>Set up your own shop in a few minutes.</source>
        <translation>几分钟即可建立您自己的店铺。</translation>
    </message>
    <message>
        <source>You will be asked for the shop&apos;s details as printed on invoices, its tax rates, how invoice numbers look, the owner&apos;s account and where backups go. Everything but the owner&apos;s account can be changed later in Settings.

Not ready yet? Press “Try the demo shop” to look around a made-up shop first: its customers, parts and invoices are practice data and never mix with your own. This wizard comes back the next time ShopDesk starts.</source>
        <translation>接下来将填写发票上打印的店铺信息、税率、发票编号格式、店主账户和备份位置。除店主账户外，其他内容以后都可以在“设置”中修改。

还没准备好？点击“试用演示店铺”先看看一家虚构的店铺：其中的客户、配件和发票都是练习数据，绝不会与您自己的数据混在一起。下次启动 ShopDesk 时会再次显示此向导。</translation>
    </message>
</context>
<context>
    <name>_Runnable</name>
    <message>
        <source>Unexpected error: {exc}</source>
        <extracomment>Tasks still running: their signals -&gt; (work, progress, released), kept alive on the GUI side until the worker has let go of them (see :class:`_Runnable`).</extracomment>
        <translation>意外错误：{exc}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>ShopDesk hit a problem</source>
        <translation>ShopDesk 遇到问题</translation>
    </message>
    <message>
        <source>Something unexpected went wrong: {exc}

Your data is safe: every change is saved whole or not at all. Details are in the log file:
{log_file}</source>
        <translation>发生了意外错误：{exc}

您的数据是安全的：每次更改要么完整保存，要么完全不保存。详情见日志文件：
{log_file}</translation>
    </message>
</context>
<context>
    <name>data_safety</name>
    <message>
        <source>&amp;Backups…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>order_editor</name>
    <message>
        <source>km on the dashboard</source>
        <translation>仪表盘显示的公里数</translation>
    </message>
    <message>
        <source>Only if lower than last time</source>
        <translation>仅当低于上次读数时</translation>
    </message>
    <message>
        <source>&amp;Odometer</source>
        <translation>里程表(&amp;O)</translation>
    </message>
    <message>
        <source>Reason if &amp;lower</source>
        <translation>降低原因(&amp;L)</translation>
    </message>
</context>
<context>
    <name>pdf_output</name>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>run_task</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
